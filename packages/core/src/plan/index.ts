export * from './cause';
export * from './evaluate';
export * from './fingerprint';
export * from './plan';
export * from './prepare';
export * from './resolve';
export * from './restore';
export * from './split';
export type * from './types';
