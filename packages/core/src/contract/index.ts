/**
 * The contracts between packages, declared once (infra writes them, the hub and the CLI read
 * them): the hub's environment variables and their defaults, the names Guardrail gives its
 * roles, rules and tags, the state table's attributes, the dead-letter message attributes, and
 * the shapes of region and account ids. Everything here is data: no package reaches another's
 * literals, and a test joins every writer to every reader.
 */
export * from './dead-letter';
export * from './defaults';
export * from './hub-environment';
export * from './names';
export * from './patterns';
export * from './state-table';
export * from './sweep-results';
export * from './sweep-sizing';
