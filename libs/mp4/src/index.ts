/**
 * @camrec/mp4: the one MP4 reader of the server and the dashboard. Platform-neutral (Uint8Array
 * and byte arithmetic only: no Node Buffer or module, no DOM), so the same code runs in both.
 * A Node Buffer is a Uint8Array: server code passes Buffers in and gets plain Uint8Arrays back
 * (libs/media's `bufferView` wraps one as a Buffer without copying).
 *
 * A minimal reader for the live hot path, on purpose. Every fragment of every session passes
 * through the box splitter, the stream parser and the fragment reader, so they read only the
 * fields the hub, the recorder and the browser's decoders use, in place, with one copy per
 * fragment: about 0.5 µs of CPU to split and 1.2 µs to read a fragment, 4-8 µs for the whole
 * parser with its copy (libs/mp4/bench/hot-path.bench.mjs; 100,000 ffmpeg fragments on the
 * 2-core development machine).
 *
 * What it deliberately does not do: write MP4 files (the recorder appends the fragments it
 * was given; finalising and export remux with ffmpeg; the one exception is the start edit of a
 * virtual MP4's init segment, withStartEdit), read progressive MP4 sample tables
 * (stts/stsz/stco), edit lists beyond one entry, sidx/mfra indexes, encryption, or anything
 * below the codec configuration records. When a feature needs that, a maintained general library (GPAC's
 * `mp4box` npm package reads and writes MP4 in Node and in browsers) is the place for it
 * rather than growing this one; the live path keeps this reader as long as the bench shows
 * it is the cheaper one.
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
export * from './lib/start-edit';
export * from './lib/fragment-timeline';
export * from './lib/prft-box';
export * from './lib/ntp-time';
