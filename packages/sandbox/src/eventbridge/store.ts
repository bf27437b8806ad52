import { ApiError, SandboxError } from '../errors';
import type { EventBridgeEvent } from '../types';
import { type BusRef, busArn, DEFAULT_BUS, parseBusArn, ruleArn } from './arns';
import type { EventPattern } from './pattern-matcher';
import { InvalidEventPatternError, parseEventPattern } from './pattern-syntax';
import {
  checkName,
  checkState,
  checkTargets,
  MAX_TARGETS_PER_RULE,
  type RuleState,
  type TargetSpec,
} from './validation';

/** An event a rule put on a bus (the hub's inbox). */
export interface DeliveredEvent {
  event: EventBridgeEvent;
  ruleArn: string;
  targetId: string;
  at: Date;
}

export interface Bus extends BusRef {
  arn: string;
  rules: Map<string, Rule>;
  inbox: DeliveredEvent[];
}

export interface Rule {
  name: string;
  arn: string;
  bus: Bus;
  /** The JSON text as put, returned as is by DescribeRule. */
  eventPattern: string;
  pattern: EventPattern;
  state: RuleState;
  description?: string;
  /** The account that put the rule. */
  createdBy: string;
  /** In insertion order, by target Id (PutTargets with a known Id replaces that target). */
  targets: Map<string, TargetSpec>;
}

/** PutRule's input as the SDK sends it. */
export interface PutRuleInput {
  Name?: unknown;
  EventPattern?: unknown;
  State?: unknown;
  Description?: unknown;
  EventBusName?: unknown;
  ScheduleExpression?: unknown;
}

/**
 * The event buses of every account x region and their rules and targets. A default bus exists in
 * every account and region (created on first use); other buses exist once created.
 */
export class EventBridgeStore {
  private readonly buses = new Map<string, Bus>();

  constructor(private readonly partition: string) {}

  private ref(account: string, region: string, name: string): BusRef {
    return { partition: this.partition, region, account, name };
  }

  private ensure(ref: BusRef): Bus {
    const arn = busArn(ref);
    let bus = this.buses.get(arn);
    if (!bus) {
      bus = { ...ref, arn, rules: new Map(), inbox: [] };
      this.buses.set(arn, bus);
    }
    return bus;
  }

  /** The bus an API call names by name or ARN (`EventBusName`), in the caller's account and region. */
  bus(account: string, region: string, nameOrArn: unknown = DEFAULT_BUS): Bus {
    const text = String(nameOrArn);
    const parsed = parseBusArn(text);
    const name = parsed?.name ?? text;
    const own = !parsed || (parsed.account === account && parsed.region === region);
    if (own && name === DEFAULT_BUS) return this.ensure(this.ref(account, region, DEFAULT_BUS));
    const bus = own ? this.buses.get(busArn(this.ref(account, region, name))) : undefined;
    if (!bus) throw new ApiError('ResourceNotFoundException', `Event bus ${name} does not exist.`);
    return bus;
  }

  /** The bus an ARN names, as a delivery sees it: default buses always exist, others once created. */
  findBus(arn: string): Bus | undefined {
    const ref = parseBusArn(arn);
    if (!ref) return undefined;
    return ref.name === DEFAULT_BUS ? this.ensure(ref) : this.buses.get(busArn(ref));
  }

  createBus(account: string, region: string, name: unknown): Bus {
    if (typeof name !== 'string' || !/^[/.\-_A-Za-z0-9]{1,256}$/.test(name))
      throw new ApiError('ValidationException', `Event bus name ${String(name)} is not valid.`);
    const arn = busArn(this.ref(account, region, name));
    if (name === DEFAULT_BUS || this.buses.has(arn))
      throw new ApiError('ResourceAlreadyExistsException', `Event bus ${name} already exists.`);
    return this.ensure(this.ref(account, region, name));
  }

  /** Creates or replaces a rule (its targets stay), as PutRule does. */
  putRule(account: string, region: string, input: PutRuleInput, createdBy = account): Rule {
    const name = checkName(input.Name, 'name');
    if (input.ScheduleExpression !== undefined)
      throw new SandboxError('the sandbox does not run scheduled rules (ScheduleExpression)');
    if (typeof input.EventPattern !== 'string')
      throw new ApiError(
        'ValidationException',
        'Parameter(s) EventPattern or ScheduleExpression must be specified.',
      );
    const description = input.Description === undefined ? undefined : String(input.Description);
    if (description !== undefined && description.length > 512)
      throw new ApiError(
        'ValidationException',
        `1 validation error detected: Value at 'description' failed to satisfy constraint: Member must have length less than or equal to 512`,
      );
    const state = checkState(input.State);
    let pattern: EventPattern;
    try {
      pattern = parseEventPattern(input.EventPattern);
    } catch (error) {
      if (error instanceof InvalidEventPatternError)
        throw new ApiError('InvalidEventPatternException', error.message);
      throw error;
    }
    const bus = this.bus(account, region, input.EventBusName);
    const existing = bus.rules.get(name);
    // An update keeps the rule's identity (its targets, who created it): only the definition changes.
    const rule: Rule = existing ?? {
      name,
      arn: ruleArn(bus, name),
      bus,
      eventPattern: '',
      pattern: {},
      state,
      createdBy,
      targets: new Map(),
    };
    rule.eventPattern = input.EventPattern;
    rule.pattern = pattern;
    rule.state = state;
    if (description === undefined) delete rule.description;
    else rule.description = description;
    bus.rules.set(name, rule);
    return rule;
  }

  rule(account: string, region: string, name: unknown, busName?: unknown): Rule {
    const bus = this.bus(account, region, busName);
    const rule = bus.rules.get(String(name));
    if (!rule)
      throw new ApiError(
        'ResourceNotFoundException',
        `Rule ${String(name)} does not exist on EventBus ${bus.name}.`,
      );
    return rule;
  }

  /** DeleteRule: refused while targets remain; deleting an absent rule succeeds, as in EventBridge. */
  deleteRule(account: string, region: string, name: unknown, busName?: unknown): void {
    const bus = this.bus(account, region, busName);
    const rule = bus.rules.get(checkName(name, 'name'));
    if (!rule) return;
    if (rule.targets.size > 0)
      throw new ApiError('ValidationException', "Rule can't be deleted since it has targets.");
    bus.rules.delete(rule.name);
  }

  putTargets(rule: Rule, targets: unknown): void {
    const checked = checkTargets(targets);
    const ids = new Set([...rule.targets.keys(), ...checked.map((t) => t.Id)]);
    if (ids.size > MAX_TARGETS_PER_RULE)
      throw new ApiError(
        'LimitExceededException',
        'The requested resource exceeds the maximum number allowed.',
      );
    for (const target of checked) rule.targets.set(target.Id, target);
  }

  /** Ids the rule does not have are ignored: removing is idempotent. */
  removeTargets(rule: Rule, ids: unknown): void {
    if (!Array.isArray(ids) || ids.length < 1 || ids.length > 100)
      throw new ApiError(
        'ValidationException',
        "1 validation error detected: Value at 'ids' failed to satisfy constraint: Member must have length between 1 and 100",
      );
    for (const id of ids) rule.targets.delete(String(id));
  }

  /** The ENABLED rules of the default bus of an account and region, in creation order. */
  enabledRules(account: string, region: string): Rule[] {
    const bus = this.buses.get(busArn(this.ref(account, region, DEFAULT_BUS)));
    return bus ? [...bus.rules.values()].filter((r) => r.state === 'ENABLED') : [];
  }
}
