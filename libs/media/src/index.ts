export * from './lib/hub/hub-types';
export * from './lib/frame-index';
export * from './lib/source/credential-masker';
export * from './lib/source/source-url';
