export * from './aws-managed';
export * from './resolve';
export type * from './types';
