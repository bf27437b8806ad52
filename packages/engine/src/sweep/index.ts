export {
  type AwsSweepPlannerOptions,
  BrokerSweepGroupSource,
  createAwsSweepPlannerPorts,
  createAwsSweepResults,
  OrganizationEnrolledAccounts,
} from './aws';
export type { SweepTargetOutcome, SweepTargetReport } from './batch';
export { SweepEnqueueError, SweepPlanError } from './errors';
export {
  type AccountListing,
  isSweepRequest,
  readSweepTarget,
  type SweepChecks,
  type SweepRequest,
  type SweepTarget,
  type SweepTargetRead,
  sweepTargetBody,
  sweepTargetKey,
} from './messages';
export { SWEEP_METRICS } from './metric-names';
export { type PlanSweepDeps, planSweep, SWEEP_BATCH_SIZE, type SweepPlan } from './plan';
export type * from './ports';
export type { SweepTargetPosture } from './report';
export { type SweepDocumentKind, writeSweepDocument, writeTargetResults } from './results';
