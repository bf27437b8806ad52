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
