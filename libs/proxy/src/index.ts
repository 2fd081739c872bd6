export * from './lib/binary-resolver';
export * from './lib/proxy-layer';
