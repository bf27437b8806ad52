import type { CloudTrail } from '../cloudtrail/trail';
import type { CallContext, Handler, Input } from '../context';
import { ApiError, SandboxError } from '../errors';
import { busArn, DEFAULT_BUS } from '../eventbridge/arns';
import { type DeadLetterQueues, EventRouter, type FailedDelivery } from '../eventbridge/delivery';
import type { EventPattern } from '../eventbridge/pattern-matcher';
import { type DeliveredEvent, EventBridgeStore, type Rule } from '../eventbridge/store';
import { encodeEventsMembers } from '../eventbridge/trail-encoding';
import type { RuleState, TargetSpec } from '../eventbridge/validation';
import type { Faults } from '../faults';
import type { CallerProfile, EventBridgeEvent } from '../types';

/** The calls CloudTrail records (management write events); DescribeRule and ListTargetsByRule are reads. */
const MUTATING = new Set([
  'PutRule',
  'DeleteRule',
  'EnableRule',
  'DisableRule',
  'PutTargets',
  'RemoveTargets',
  'CreateEventBus',
]);

/** `sb.eventbridge.putRule`: PutRule's input, with the pattern as JSON text or as an object. */
export interface RuleSetup {
  Name: string;
  EventPattern: string | EventPattern;
  State?: RuleState;
  Description?: string;
  EventBusName?: string;
}

/** What DescribeRule answers. */
export interface RuleDescription {
  Name: string;
  Arn: string;
  EventPattern: string;
  State: RuleState;
  Description?: string;
  EventBusName: string;
  CreatedBy: string;
}

export interface EventsServiceDeps {
  trail: CloudTrail;
  faults: Faults;
  deadLetters: DeadLetterQueues;
  now: () => Date;
  partition: string;
  profileFor: (ctx: CallContext) => CallerProfile;
}

function describe(rule: Rule): RuleDescription {
  return {
    Name: rule.name,
    Arn: rule.arn,
    EventPattern: rule.eventPattern,
    State: rule.state,
    ...(rule.description !== undefined ? { Description: rule.description } : {}),
    EventBusName: rule.bus.name,
    CreatedBy: rule.createdBy,
  };
}

function decodeToken(token: unknown): number {
  if (token === undefined) return 0;
  const match = Buffer.from(String(token), 'base64')
    .toString('utf8')
    .match(/^targets:(\d+)$/);
  if (!match) throw new ApiError('ValidationException', 'The NextToken provided is not valid.');
  return Number(match[1]);
}

/** ListTargetsByRule's paging: `Limit` 1..100, an opaque offset token. */
function page<T>(items: T[], input: Input): { page: T[]; NextToken?: string } {
  const limit = input.Limit === undefined ? 100 : Number(input.Limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > 100)
    throw new ApiError(
      'ValidationException',
      `1 validation error detected: Value '${limit}' at 'limit' failed to satisfy constraint: Member must have value between 1 and 100`,
    );
  const offset = decodeToken(input.NextToken);
  const end = offset + limit;
  return {
    page: items.slice(offset, end),
    ...(end < items.length ? { NextToken: Buffer.from(`targets:${end}`).toString('base64') } : {}),
  };
}

/**
 * EventBridge as the SDK sees it (rules and targets on the buses of each account x region, event
 * buses), the CloudTrail event of every mutating call, delivery of CloudTrail events through the
 * rules (`route`), and a test API to set rules up and read what was delivered.
 */
export class EventsService {
  readonly handlers: Record<string, Handler>;
  private readonly store: EventBridgeStore;
  private readonly router: EventRouter;

  constructor(private readonly deps: EventsServiceDeps) {
    this.store = new EventBridgeStore(deps.partition);
    this.router = new EventRouter(this.store, deps.faults, deps.deadLetters, deps.now);
    const s = this.store;
    const api: Record<string, (input: Input, ctx: CallContext) => object> = {
      PutRule: (i, c) => ({ RuleArn: s.putRule(c.accountId, c.region, i).arn }),
      DescribeRule: (i, c) => describe(s.rule(c.accountId, c.region, i.Name, i.EventBusName)),
      EnableRule: (i, c) => this.setState(s.rule(c.accountId, c.region, i.Name, i.EventBusName), 'ENABLED'),
      DisableRule: (i, c) => this.setState(s.rule(c.accountId, c.region, i.Name, i.EventBusName), 'DISABLED'),
      DeleteRule: (i, c) => {
        s.deleteRule(c.accountId, c.region, i.Name, i.EventBusName);
        return {};
      },
      PutTargets: (i, c) => {
        s.putTargets(s.rule(c.accountId, c.region, i.Rule, i.EventBusName), i.Targets);
        return { FailedEntryCount: 0, FailedEntries: [] };
      },
      ListTargetsByRule: (i, c) => {
        const rule = s.rule(c.accountId, c.region, i.Rule, i.EventBusName);
        const { page: targets, NextToken } = page([...rule.targets.values()], i);
        return { Targets: structuredClone(targets), ...(NextToken ? { NextToken } : {}) };
      },
      RemoveTargets: (i, c) => {
        s.removeTargets(s.rule(c.accountId, c.region, i.Rule, i.EventBusName), i.Ids);
        return { FailedEntryCount: 0, FailedEntries: [] };
      },
      CreateEventBus: (i, c) => ({ EventBusArn: s.createBus(c.accountId, c.region, i.Name).arn }),
    };
    this.handlers = Object.fromEntries(
      Object.entries(api).map(([operation, handler]) => [
        operation,
        MUTATING.has(operation) ? this.recorded(operation, handler) : handler,
      ]),
    );
  }

  private setState(rule: Rule, state: RuleState): object {
    rule.state = state;
    return {};
  }

  /** Records the call in CloudTrail after it ran, so a rule sees the state the call left behind. */
  private recorded(operation: string, handler: (input: Input, ctx: CallContext) => object): Handler {
    return (input, ctx) => {
      let output: object;
      try {
        output = handler(input, ctx);
      } catch (error) {
        if (error instanceof ApiError) this.recordFailure(operation, input, ctx, error);
        throw error;
      }
      this.record(operation, input, ctx, output);
      return output;
    };
  }

  /** A failed mutating call is recorded too (the dispatcher calls this for faults and expired keys). */
  recordFailure(operation: string, input: Input, ctx: CallContext, error: ApiError): void {
    if (!MUTATING.has(operation)) return;
    this.record(operation, input, ctx, undefined, { code: error.code, message: error.message });
  }

  private record(
    operation: string,
    input: Input,
    ctx: CallContext,
    output: object | undefined,
    error?: { code: string; message: string },
  ): void {
    this.deps.trail.record({
      key: ctx.key,
      profile: this.deps.profileFor(ctx),
      userAgent: ctx.userAgent,
      region: ctx.region,
      recipientAccountId: ctx.accountId,
      requestId: ctx.requestId,
      eventSource: 'events.amazonaws.com',
      eventName: operation,
      requestParameters: encodeEventsMembers(input),
      responseElements: output ? encodeEventsMembers(output) : null,
      ...(error ? { error } : {}),
    });
  }

  /** Delivers one recorded CloudTrail event through the rules of its account's default bus. */
  route(event: EventBridgeEvent): void {
    this.router.route(event);
  }

  // ---- Test API: setup (no CloudTrail event, like seedSecurityGroup) and what was delivered. ----

  /** Creates an event bus (the hub's). Returns its ARN. */
  createEventBus(account: string, region: string, name: string): string {
    return setup(() => this.store.createBus(account, region, name).arn);
  }

  /** Creates or replaces a rule, as PutRule does. Returns its ARN. */
  putRule(account: string, region: string, rule: RuleSetup): string {
    const EventPattern =
      typeof rule.EventPattern === 'string' ? rule.EventPattern : JSON.stringify(rule.EventPattern);
    return setup(() => this.store.putRule(account, region, { ...rule, EventPattern }).arn);
  }

  putTargets(
    account: string,
    region: string,
    input: { Rule: string; Targets: TargetSpec[]; EventBusName?: string },
  ): void {
    setup(() =>
      this.store.putTargets(this.store.rule(account, region, input.Rule, input.EventBusName), input.Targets),
    );
  }

  /** The rule as DescribeRule answers it, or undefined when there is none. */
  describeRule(
    account: string,
    region: string,
    name: string,
    eventBusName?: string,
  ): RuleDescription | undefined {
    try {
      return describe(this.store.rule(account, region, name, eventBusName));
    } catch (error) {
      if (error instanceof ApiError) return undefined;
      throw error;
    }
  }

  busArn(account: string, region: string, name = DEFAULT_BUS): string {
    return busArn({ partition: this.deps.partition, region, account, name });
  }

  /** The events rules put on a bus, oldest first (stays: see takeDelivered). */
  delivered(arn: string): DeliveredEvent[] {
    return [...this.inbox(arn)];
  }

  /** The events rules put on a bus since the last call, oldest first. */
  takeDelivered(arn: string): DeliveredEvent[] {
    return this.inbox(arn).splice(0);
  }

  /** Every delivery that failed, dead-lettered or dropped, oldest first. */
  failedDeliveries(): FailedDelivery[] {
    return [...this.router.failures];
  }

  private inbox(arn: string): DeliveredEvent[] {
    const bus = this.store.findBus(arn);
    if (!bus) throw new SandboxError(`no event bus ${arn} in the sandbox`);
    return bus.inbox;
  }
}

/** A setup call that EventBridge would refuse is a bug in the test: a SandboxError, not an AWS error. */
function setup<T>(action: () => T): T {
  try {
    return action();
  } catch (error) {
    if (error instanceof ApiError)
      throw new SandboxError(`${error.code}: ${error.message}`, { cause: error });
    throw error;
  }
}
