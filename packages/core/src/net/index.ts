export * from './cidr';
export * from './internet';
