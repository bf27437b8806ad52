export * from './errors';
export * from './events/catalog';
export type * from './events/types';
export type * from './plan/types';
export type * from './rules/types';
