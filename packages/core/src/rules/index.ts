export * from './convert';
export * from './describe';
export * from './group';
export { isIcmp, normalizePorts, protocolHasPorts } from './protocol';
