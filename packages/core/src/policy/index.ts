export * from './compile';
export * from './errors';
export * from './json-schema';
export * from './load';
export * from './load-policies';
export * from './matcher';
export * from './schema';
export * from './shipped';
export type * from './types';
