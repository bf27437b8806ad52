export * from './documents';
export * from './errors';
export * from './names';
export * from './posture';
export type * from './types';
