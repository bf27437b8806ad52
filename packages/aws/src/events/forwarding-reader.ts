/**
 * Reads Guardrail's member forwarding in one account and region for the hub's health check
 * (`assessForwarding` of @guardrail/core compares): each rule's state, pattern, bus and targets
 * (DescribeRule, every page of ListTargetsByRule), and the depth of the member dead-letter queue
 * (GetQueueUrl, GetQueueAttributes), all in parallel, through the member remediation role's
 * clients (`forwardingReaderFor`: the broker's EventBridge and SQS clients of the account).
 * Failures are values, never thrown: a resource that does not exist is `missing`, any other
 * failure `unreadable` with the classified code.
 */
import {
  DescribeRuleCommand,
  EventBridgeClient,
  ListTargetsByRuleCommand,
  type Target,
} from '@aws-sdk/client-eventbridge';
import { GetQueueAttributesCommand, GetQueueUrlCommand, SQSClient } from '@aws-sdk/client-sqs';
import type {
  ForwardingUnreadable,
  ObservedForwarding,
  ObservedQueue,
  ObservedRule,
  ObservedTarget,
} from '@guardrail/core';
import { classifyAwsError } from '../classify';
import type { CredentialBroker } from '../credentials/broker';

/** ListTargetsByRule's largest page. */
const PAGE_SIZE = 100;
/** EventBridge: no such rule (or bus). */
const RULE_NOT_FOUND = new Set(['ResourceNotFoundException']);
/** SQS: the JSON protocol's name, and the query protocol's code some SDK paths still carry. */
const QUEUE_NOT_FOUND = new Set(['QueueDoesNotExist', 'AWS.SimpleQueueService.NonExistentQueue']);
const DEPTH = 'ApproximateNumberOfMessages';

/** The error's code and the query-compatible `Code` the SDK may add beside it. */
function isOneOf(error: unknown, codes: ReadonlySet<string>): boolean {
  const alternate =
    typeof error === 'object' && error !== null ? (error as { Code?: unknown }).Code : undefined;
  return codes.has(classifyAwsError(error).code) || (typeof alternate === 'string' && codes.has(alternate));
}

function unreadable(error: unknown): ForwardingUnreadable {
  const { code, message } = classifyAwsError(error);
  return { status: 'unreadable', code, message };
}

/** The fields that decide where an event goes and in what shape (nothing else is copied). */
function observedTarget(target: Target): ObservedTarget {
  return {
    Id: target.Id ?? '',
    Arn: target.Arn ?? '',
    ...(target.RoleArn === undefined ? {} : { RoleArn: target.RoleArn }),
    ...(target.DeadLetterConfig === undefined ? {} : { DeadLetterConfig: { ...target.DeadLetterConfig } }),
    ...(target.Input === undefined ? {} : { Input: target.Input }),
    ...(target.InputPath === undefined ? {} : { InputPath: target.InputPath }),
    ...(target.InputTransformer === undefined ? {} : { InputTransformer: { ...target.InputTransformer } }),
  };
}

export class ForwardingReader {
  constructor(
    private readonly events: EventBridgeClient,
    private readonly sqs: SQSClient,
  ) {}

  /** Every rule asked for (by name, on the default bus) and the queue, read in parallel. Never throws. */
  async read(ruleNames: readonly string[], queueName: string): Promise<ObservedForwarding> {
    const [rules, queue] = await Promise.all([
      Promise.all(ruleNames.map(async (name) => [name, await this.rule(name)] as const)),
      this.queue(queueName),
    ]);
    return { rules: Object.fromEntries(rules), queue };
  }

  private async rule(name: string): Promise<ObservedRule> {
    // Both calls at once: the targets are read even when the rule turns out to be missing.
    const [described, targets] = await Promise.allSettled([
      this.events.send(new DescribeRuleCommand({ Name: name })),
      this.targets(name),
    ]);
    if (described.status === 'rejected')
      return isOneOf(described.reason, RULE_NOT_FOUND) ? { status: 'missing' } : unreadable(described.reason);
    // Deleted between the two calls: missing, as the next check will see it.
    if (targets.status === 'rejected' && isOneOf(targets.reason, RULE_NOT_FOUND))
      return { status: 'missing' };
    const rule = described.value;
    return {
      state: rule.State ?? 'UNKNOWN',
      ...(rule.EventPattern === undefined ? {} : { eventPattern: rule.EventPattern }),
      eventBusName: rule.EventBusName ?? 'default',
      targets: targets.status === 'fulfilled' ? targets.value : unreadable(targets.reason),
    };
  }

  /** Every page of the rule's targets; throws what the SDK threw (rule() turns it into a value). */
  private async targets(rule: string): Promise<ObservedTarget[]> {
    const targets: ObservedTarget[] = [];
    let token: string | undefined;
    do {
      const page = await this.events.send(
        new ListTargetsByRuleCommand({ Rule: rule, Limit: PAGE_SIZE, NextToken: token }),
      );
      targets.push(...(page.Targets ?? []).map(observedTarget));
      token = page.NextToken;
    } while (token);
    return targets;
  }

  private async queue(name: string): Promise<ObservedQueue> {
    try {
      const { QueueUrl } = await this.sqs.send(new GetQueueUrlCommand({ QueueName: name }));
      const { Attributes } = await this.sqs.send(
        new GetQueueAttributesCommand({ QueueUrl, AttributeNames: [DEPTH] }),
      );
      const messages = Number(Attributes?.[DEPTH]);
      if (!Number.isInteger(messages))
        return {
          status: 'unreadable',
          code: 'InvalidResponse',
          message: `GetQueueAttributes answered no ${DEPTH} for ${name}`,
        };
      return { messages };
    } catch (error) {
      return isOneOf(error, QUEUE_NOT_FOUND) ? { status: 'missing' } : unreadable(error);
    }
  }
}

/** The reader of one member account and region, over the broker's clients (its remediation role). */
export function forwardingReaderFor(
  broker: CredentialBroker,
  account: string,
  region: string,
): ForwardingReader {
  return new ForwardingReader(
    broker.client(EventBridgeClient, account, region),
    broker.client(SQSClient, account, region),
  );
}
