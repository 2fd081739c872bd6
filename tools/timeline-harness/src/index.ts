// @camrec/timeline-harness: the timeline's page support, shared by the browser tests
// (apps/web-e2e) and the bench's seek row (tools/bench), which may not import each other:
// footage whose frames carry their index, written as continuous recording writes it; the
// timeline driven as a person drives it; and what the playback videos paint, read back.
// Tests and benchmarks only: production code never imports it.
export * from './footage';
export * from './playback-probe';
export * from './seek-clicks';
export * from './timeline-page';
