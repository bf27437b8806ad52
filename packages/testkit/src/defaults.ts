/**
 * The kit's defaults: the ids of the hub organization's accounts, its region, and the names of
 * what the hub deploys there. Role names and tag keys come from the core contract
 * (GUARDRAIL_NAMES, DEFAULT_TAG_KEYS); these are the names infra leaves to CloudFormation.
 */

/** The hub (security tooling) account. */
export const HUB_ACCOUNT = '222233334444';
/** The first member account: the one the change builders place a group in. */
export const MEMBER_ACCOUNT = '111122223333';
/** The region the hub runs in: its topic, queues and state table live there. */
export const REGION = 'eu-west-1';
/** A second region, for sweeps and clients across regions. */
export const OTHER_REGION = 'us-east-1';
/** The security group the change builders touch. */
export const GROUP_ID = 'sg-0123456789abcdef0';

/** The names of the hub's topic, queues and state table in the sandbox. */
export const HUB_RESOURCE_NAMES = {
  topic: 'guardrail-alerts',
  /** The hub queue: the forwarding rule's target, the live hub function's event source. */
  queue: 'guardrail-events',
  /** The hub queue's dead-letter queue (GUARDRAIL_DEAD_LETTER_QUEUE_URL). */
  deadLetterQueue: 'guardrail-events-dlq',
  /** The sweep queue: the planner's targets (the sweep function's GUARDRAIL_QUEUE_URL). */
  sweepQueue: 'guardrail-sweep',
  stateTable: 'guardrail-state',
} as const;
