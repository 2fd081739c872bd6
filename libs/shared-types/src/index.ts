export * from './lib/health';
export * from './lib/session';
export * from './lib/stream';
export * from './lib/recording';
export * from './lib/videos';
export * from './lib/errors';
export * from './lib/auth';
