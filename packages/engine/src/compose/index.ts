export { type AwsOverrides, awsOptionsFor } from './aws-options';
export { type ComposedHub, type ComposeOverrides, composeHub, policySource } from './compose-hub';
export {
  type ComposedSweepPlanner,
  type ComposeSweepOverrides,
  composeSweepPlanner,
  SweepNotConfiguredError,
} from './compose-sweep';
export {
  ConfigError,
  type ConfigFlag,
  type ConfigFlags,
  type HubConfig,
  type HubVariable,
  loadHubConfig,
  loadSweepConfig,
  type SweepConfig,
  type SweepPlannerConfig,
} from './config';
