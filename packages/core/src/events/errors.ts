import { GuardrailError } from '../errors';

/**
 * Why an event was not turned into a change:
 * - `malformed`: a field is missing or has the wrong type (`path` names it);
 * - `unsupported-event`: not an event Guardrail watches (other detail-type, source or name);
 * - `not-a-security-group`: a tag call on resources none of which is a security group;
 * - `not-guardrail-rule`: an EventBridge call on a rule, or an IAM call on a role, that is not the guardrail's own.
 */
export type EventParseErrorReason =
  | 'malformed'
  | 'unsupported-event'
  | 'not-a-security-group'
  | 'not-guardrail-rule';

export class EventParseError extends GuardrailError {
  override readonly name = 'EventParseError';
  readonly path: string;
  readonly reason: EventParseErrorReason;
  constructor(reason: EventParseErrorReason, path: string, problem: string, options?: { cause?: unknown }) {
    super(`${path || '(root)'}: ${problem}`, options);
    this.reason = reason;
    this.path = path;
  }
}
