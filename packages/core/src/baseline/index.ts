export * from './arn-pattern';
export * from './capture';
export * from './diff';
export * from './errors';
export * from './parse';
export * from './trust';
export * from './types';
