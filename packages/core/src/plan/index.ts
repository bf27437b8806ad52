export * from './cause';
export * from './evaluate';
export * from './plan';
export * from './resolve';
export type * from './types';
