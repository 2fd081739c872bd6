export * from './lib/opencv';
export * from './lib/motion-settings';
export * from './lib/motion-detector';
export * from './lib/motion-tracker';
export * from './lib/grey-decoder-args';
export * from './lib/session-motion';
