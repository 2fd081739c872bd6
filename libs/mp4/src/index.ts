/**
 * @camrec/mp4: the one MP4 reader of the server and the dashboard. Platform-neutral (Uint8Array
 * and byte arithmetic only, no Node Buffer, no DOM): a Node Buffer is a Uint8Array, so server
 * code passes Buffers in and gets plain Uint8Arrays back.
 *
 * A minimal reader for the live hot path, on purpose: every fragment of every session passes
 * through the box splitter and the fragment reader, so they read only the fields the hub, the
 * recorder and the browser's decoders use, in place, with one copy per fragment.
 * It does NOT write MP4 files (finalising and export remux with ffmpeg), read sample tables
 * of progressive MP4s (`stbl`'s stts/stsz/stco: ffmpeg and ffprobe do that), edit lists,
 * encryption or any codec below the decoder configuration records. Where more than this is
 * needed, a maintained general library (GPAC's `mp4box` npm package reads and writes MP4 in
 * Node and browsers) is the place for it rather than this one growing; the hot path keeps this
 * reader while a measurement (libs/mp4/bench/hot-path.bench.mjs) shows it is cheaper.
 */
export * from './lib/mp4-format-error';
export * from './lib/mp4-box-walk';
export * from './lib/mp4-box-splitter';
export * from './lib/fmp4-stream-parser';
export * from './lib/init-segment-info';
export * from './lib/fragment-info';
export * from './lib/fragment-samples';
export * from './lib/codec-string';
export * from './lib/tfdt-rewrite';
export * from './lib/fragment-timeline';
export * from './lib/prft-box';
export * from './lib/ntp-time';
