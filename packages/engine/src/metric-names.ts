/** The engine's metric names (CloudWatch EMF through apps/hub), one place so dashboards and tests agree. */
export const METRICS = {
  /** Records received, per batch. */
  eventsReceived: 'EventsReceived',
  /** Events not acted on; dimension `reason` (own-role, failed-call, duplicate, ignored, poison). */
  eventsSkipped: 'EventsSkipped',
  /** One point per action or audit finding; dimension `outcome`. */
  remediations: 'Remediations',
  /** From the change's eventTime to the moment its revert succeeded. */
  exposureWindow: 'ExposureWindow',
  /** From the batch's start to the moment the event's group was reconciled. */
  hubLatency: 'HubLatency',
  /** Group reconciles by result; dimension `outcome`. */
  groupsReconciled: 'GroupsReconciled',
  /** Alerts SNS refused after the SDK's retries; dimension `fate` (dead-lettered, retried). */
  alertPublishFailures: 'AlertPublishFailures',
  /** Calls to the shared state (dedupe, breaker) that failed and were worked around; dimensions `store`, `operation`. */
  stateStoreErrors: 'StateStoreErrors',
  /** Prefix lists a verdict depended on that could not be read (the alert names them). */
  prefixListsUnverifiable: 'PrefixListsUnverifiable',
  /** Sticky opt-ins the hub put back (policy optOut: restore); dimension `outcome` (restored, failed). */
  optInRestores: 'OptInRestores',
} as const;
