export * from './lib/binary-resolver';
export * from './lib/proxy-layer';
export * from './lib/relay/rtsp-relay';
export { RelayUrlError } from './lib/relay/relay-route';
