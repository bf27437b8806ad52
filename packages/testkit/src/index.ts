/**
 * @guardrail/testkit: the shared test kit (tests, the CLI demo and the bench). It depends on
 * @guardrail/core and @guardrail/sandbox only, never on the engine, the adapters or an app.
 */
export * from './alerts';
export * from './callers';
export * from './changes';
export * from './defaults';
export * from './environment';
export * from './forwarding';
export * from './organization';
export * from './rules';
export * from './sqs';
export * from './state-table';
export * from './trust';
