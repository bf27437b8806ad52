export { type AwsOverrides, awsOptionsFor } from './aws-options';
export { loadCompiledPoliciesOnly } from './compiled-policies';
export {
  type ComposedHub,
  type ComposeOverrides,
  composeEventHubWith,
  composeHub,
  composeHubWith,
} from './compose-hub';
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
export { loadConfiguredPolicies, type PolicyLoader, policySource } from './policies';
