export { type BuildOverrides, type BuiltHub, buildHub, buildHubWith } from './compose';
export { ConfigError, type HubConfig, loadConfig, type SweepConfig } from './config';
export { createHandler, type HandlerDeps, type HubEvent, type HubHandler, isSqsEvent } from './handler';
export { createLogger, createMetrics, EmfMetricsSink, engineLogger } from './observability';
export { type BuiltSweep, buildSweep, type SweepHandler, SweepNotConfiguredError } from './sweep';
