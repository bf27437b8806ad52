export * from './posture';
export type * from './types';
