/**
 * The names Guardrail gives what it deploys, as the defaults of the deploy config (infra) and of
 * the hub's environment (engine). A deployment may rename any of them; these are what it starts from.
 */
export const GUARDRAIL_NAMES = {
  /** The member role the hub assumes to read and remediate groups. */
  remediationRole: 'guardrail-remediation',
  /** The hub's Lambda execution role, in the hub account. */
  hubRole: 'guardrail-hub',
  /** The Organizations read role, in the management (or delegated administrator) account. */
  orgReadRole: 'guardrail-org-read',
  /** The SourceIdentity on every session the hub opens: it marks the hub's own calls (loop guard). */
  sourceIdentity: 'guardrail',
  /** The member EventBridge rule that forwards security-group events to the hub bus. */
  forwardingRule: 'guardrail-forward-sg-events',
  /**
   * The second member rule: it forwards the EventBridge calls on the forwarding rule (and on
   * itself), so that disabling either one is told by the other.
   */
  watchdogRule: 'guardrail-watch-forwarding',
  /** The member rule (us-east-1 only, where IAM events arrive) that forwards changes to Guardrail's roles. */
  roleWatchRule: 'guardrail-watch-roles',
  /** The member forwarder role, per region: `<prefix><region>` (a fixed name the SCP can protect). */
  forwarderRolePrefix: 'guardrail-forwarder-',
  /** The member queue where events the rules could not deliver to the hub bus land. */
  forwardingDeadLetterQueue: 'guardrail-forwarding-dlq',
  /** The service name the hub's logs and metrics report as (Powertools). */
  serviceName: 'guardrail-hub',
  /** The CloudWatch namespace of the hub's metrics. */
  metricsNamespace: 'Guardrail',
} as const;

/** The tags on a security group: the opt-in (a policy name) and the mode override. */
export interface TagKeys {
  policy: string;
  mode: string;
}

export const DEFAULT_TAG_KEYS: TagKeys = { policy: 'guardrail:policy', mode: 'guardrail:mode' };
