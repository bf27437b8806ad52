/** SNS message attributes, for subscription filter policies (e.g. only critical, only one account). */
import type { AlertDocument } from './types';

/** SNS rejects empty attribute values: an incident without a policy says so. */
export const NO_POLICY = 'none';

export function alertAttributes(document: AlertDocument): Record<string, string> {
  return {
    severity: document.severity,
    account: document.account.id,
    region: document.region,
    outcome: document.outcome,
    policy: document.policy ?? NO_POLICY,
  };
}
