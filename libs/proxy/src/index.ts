export * from './lib/binary-resolver';
export * from './lib/binary-download';
export * from './lib/release-assets';
export * from './lib/engine-config';
export * from './lib/engine-slot';
export * from './lib/stream-engine';
export * from './lib/proxy-layer';
