/**
 * The hub's configuration (environment -> typed config) lives in @guardrail/engine, shared with
 * `guardrail hub run` and `guardrail sweep`; this keeps the Lambda's name for it.
 */
export {
  ConfigError,
  type HubConfig,
  loadHubConfig as loadConfig,
  type SweepConfig,
} from '@guardrail/engine';
