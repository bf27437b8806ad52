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
  readSweepDeadline,
  readSweepTarget,
  type SweepChecks,
  type SweepDeadline,
  type SweepRequest,
  type SweepTarget,
  type SweepTargetRead,
  sweepDeadlineBody,
  sweepTargetBody,
  sweepTargetKey,
} from './messages';
export { SWEEP_METRICS } from './metric-names';
export { NOT_A_SWEEP_HUB } from './not-a-sweep-hub';
export { type PlanSweepDeps, planSweep, SWEEP_BATCH_SIZE, type SweepPlan } from './plan';
export type * from './ports';
export type { SweepTargetPosture } from './report';
export { type SweepDocumentKind, writeSweepDocument, writeTargetResults } from './results';
export { checkDeadline, tallyTargets } from './summary';
export { InMemorySweepTally, type SweepTallyPort } from './tally';
