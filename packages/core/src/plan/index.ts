export * from './cause';
export * from './evaluate';
export * from './plan';
export * from './prepare';
export * from './resolve';
export type * from './types';
