import type { Faults } from '../faults';
import type { EventBridgeEvent, FaultKind } from '../types';
import { matchesPattern } from './pattern-matcher';
import type { EventBridgeStore, Rule } from './store';
import { DEFAULT_MAXIMUM_RETRY_ATTEMPTS, type TargetSpec } from './validation';

/** A delivery that did not reach its target: sent to the target's dead-letter queue, or dropped. */
export interface FailedDelivery {
  event: EventBridgeEvent;
  ruleArn: string;
  targetId: string;
  targetArn: string;
  /** The DLQ `ERROR_CODE` EventBridge uses: `NO_RESOURCE`, `THROTTLING`... */
  errorCode: string;
  errorMessage: string;
  retryAttempts: number;
  /** `dropped`: no dead-letter queue, or the one configured does not exist. */
  outcome: 'dead-lettered' | 'dropped';
  deadLetterArn?: string;
  at: Date;
}

/** Where failed deliveries go: the sandbox's SQS, by queue ARN (false when there is no such queue). */
export interface DeadLetterQueues {
  sendByArn(
    queueArn: string,
    message: {
      MessageBody: string;
      MessageAttributes: Record<string, { DataType: string; StringValue: string }>;
    },
  ): boolean;
}

interface AttemptFailure {
  code: string;
  message: string;
  /** EventBridge retries throttling and transient errors; a missing target or permission goes straight to the DLQ. */
  retriable: boolean;
}

/** An injected `events:PutEvents` fault, as the failure EventBridge reports for the target. */
const FAULT_FAILURES: Record<FaultKind, AttemptFailure> = {
  throttle: { code: 'THROTTLING', message: 'Rate exceeded.', retriable: true },
  'server-error': { code: 'INTERNAL_ERROR', message: 'An internal error has occurred.', retriable: true },
  timeout: { code: 'TIMEOUT', message: 'The target did not answer in time.', retriable: true },
  'access-denied': {
    code: 'NO_PERMISSIONS',
    message: 'Not authorized to perform events:PutEvents on the target event bus.',
    retriable: false,
  },
};

/**
 * EventBridge delivery of CloudTrail events: every ENABLED rule of the recipient account's
 * default bus whose pattern matches puts the event on each of its targets (event buses), with
 * the target's retry policy, then its dead-letter queue. Retries happen at once (the sandbox
 * clock does not move during a call), so MaximumEventAgeInSeconds never runs out.
 */
export class EventRouter {
  readonly failures: FailedDelivery[] = [];

  constructor(
    private readonly store: EventBridgeStore,
    private readonly faults: Faults,
    private readonly deadLetters: DeadLetterQueues,
    private readonly now: () => Date,
  ) {}

  route(event: EventBridgeEvent): void {
    // CloudTrail does not hand read-only management events to EventBridge rules.
    if (event.detail.readOnly) return;
    for (const rule of this.store.enabledRules(event.account, event.region)) {
      if (!matchesPattern(rule.pattern, event)) continue;
      for (const target of [...rule.targets.values()]) this.deliver(rule, target, event);
    }
  }

  private deliver(rule: Rule, target: TargetSpec, event: EventBridgeEvent): void {
    const maxRetries = target.RetryPolicy?.MaximumRetryAttempts ?? DEFAULT_MAXIMUM_RETRY_ATTEMPTS;
    for (let retries = 0; ; retries++) {
      const failure = this.attempt(rule, target, event);
      if (!failure) return;
      if (!failure.retriable || retries >= maxRetries) {
        this.fail(rule, target, event, failure, retries, failure.retriable);
        return;
      }
    }
  }

  /** One PutEvents on the target bus: undefined when delivered. */
  private attempt(rule: Rule, target: TargetSpec, event: EventBridgeEvent): AttemptFailure | undefined {
    // The rule's account sends: a fault scoped to an account is scoped to the sender.
    const fault = this.faults.draw({
      service: 'events',
      operation: 'PutEvents',
      account: rule.bus.account,
      region: rule.bus.region,
    });
    if (fault) return FAULT_FAILURES[fault];
    const bus = this.store.findBus(target.Arn);
    if (!bus) {
      return { code: 'NO_RESOURCE', message: `Event bus ${target.Arn} does not exist.`, retriable: false };
    }
    bus.inbox.push({ event: structuredClone(event), ruleArn: rule.arn, targetId: target.Id, at: this.now() });
    return undefined;
  }

  private fail(
    rule: Rule,
    target: TargetSpec,
    event: EventBridgeEvent,
    failure: AttemptFailure,
    retries: number,
    exhausted: boolean,
  ): void {
    const deadLetterArn = target.DeadLetterConfig?.Arn;
    const attribute = (value: string) => ({ DataType: 'String', StringValue: value });
    const sent =
      deadLetterArn !== undefined &&
      this.deadLetters.sendByArn(deadLetterArn, {
        MessageBody: JSON.stringify(event),
        MessageAttributes: {
          RULE_ARN: attribute(rule.arn),
          TARGET_ARN: attribute(target.Arn),
          ERROR_CODE: attribute(failure.code),
          ERROR_MESSAGE: attribute(failure.message),
          RETRY_ATTEMPTS: attribute(String(retries)),
          ...(exhausted ? { EXHAUSTED_RETRY_CONDITION: attribute('MaximumRetryAttempts') } : {}),
        },
      });
    this.failures.push({
      event,
      ruleArn: rule.arn,
      targetId: target.Id,
      targetArn: target.Arn,
      errorCode: failure.code,
      errorMessage: failure.message,
      retryAttempts: retries,
      outcome: sent ? 'dead-lettered' : 'dropped',
      ...(deadLetterArn !== undefined ? { deadLetterArn } : {}),
      at: this.now(),
    });
  }
}
