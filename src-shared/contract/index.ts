export * from './define';
export * from './domain';
export * from './events';
export * from './locations';
export * from './operations';
export * from './preload-api';
export * from './sync';
export * from './sync-codes';
