export * from './convert';
export * from './describe';
export * from './ec2-fields';
export * from './group';
/** `a` + `b` -> `a.b`, `a` + 2 -> `a[2]`: the JSON paths that group document errors name. */
export { childPath } from './json-shape';
export { isIcmp, normalizePorts, protocolHasPorts } from './protocol';
