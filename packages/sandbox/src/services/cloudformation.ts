/**
 * A minimal CloudFormation: stacks registered by tests (and the demo) with their status and
 * Outputs, in an account and a region, and DescribeStacks as the real service answers it: by
 * name or stack id, only the caller's account and region, `ValidationError: Stack with id <x>
 * does not exist` for any other. Enough for `guardrail ... --stack`, which reads the hub stack's Outputs.
 */
import type { CallContext, Handler, Input } from '../context';
import { ApiError, SandboxError } from '../errors';
import type { IdFactory } from '../random';

export interface StackSpec {
  name: string;
  account: string;
  region: string;
  /** Output key to value. */
  outputs?: Record<string, string>;
  /** Default `CREATE_COMPLETE`. */
  status?: string;
  description?: string;
}

interface StoredStack {
  id: string;
  name: string;
  account: string;
  region: string;
  status: string;
  description?: string;
  created: Date;
  outputs: { OutputKey: string; OutputValue: string }[];
}

const STACK_NAME = /^[A-Za-z][A-Za-z0-9-]{0,127}$/;

const notFound = (stack: string) => new ApiError('ValidationError', `Stack with id ${stack} does not exist`);

export class CloudFormationService {
  readonly handlers: Record<string, Handler>;
  private readonly stacks = new Map<string, StoredStack>();

  constructor(
    private readonly ids: IdFactory,
    private readonly now: () => Date,
    private readonly partition: string,
  ) {
    this.handlers = {
      DescribeStacks: (input, ctx) => this.describeStacks(input, ctx),
    };
  }

  /** Registers (or replaces) a stack, as if it had been deployed; returns its stack id. */
  putStack(spec: StackSpec): string {
    if (!STACK_NAME.test(spec.name))
      throw new SandboxError(`${spec.name} is not a CloudFormation stack name`);
    const key = stackKey(spec.account, spec.region, spec.name);
    const id =
      this.stacks.get(key)?.id ??
      `arn:${this.partition}:cloudformation:${spec.region}:${spec.account}:stack/${spec.name}/${this.ids.uuid()}`;
    this.stacks.set(key, {
      id,
      name: spec.name,
      account: spec.account,
      region: spec.region,
      status: spec.status ?? 'CREATE_COMPLETE',
      ...(spec.description !== undefined ? { description: spec.description } : {}),
      created: this.now(),
      outputs: Object.entries(spec.outputs ?? {}).map(([OutputKey, OutputValue]) => ({
        OutputKey,
        OutputValue,
      })),
    });
    return id;
  }

  /** Removes a stack (a deleted stack is not found by name). */
  deleteStack(account: string, region: string, name: string): void {
    if (!this.stacks.delete(stackKey(account, region, name)))
      throw new SandboxError(`no stack ${name} in ${account} ${region}`);
  }

  private describeStacks(input: Input, ctx: CallContext): object {
    const requested =
      typeof input.StackName === 'string' && input.StackName !== '' ? input.StackName : undefined;
    const visible = [...this.stacks.values()].filter(
      (stack) => stack.account === ctx.accountId && stack.region === ctx.region,
    );
    const stacks =
      requested === undefined
        ? visible
        : visible.filter((stack) => stack.name === requested || stack.id === requested);
    if (requested !== undefined && stacks.length === 0) throw notFound(requested);
    return {
      Stacks: stacks.map((stack) => ({
        StackId: stack.id,
        StackName: stack.name,
        ...(stack.description !== undefined ? { Description: stack.description } : {}),
        CreationTime: stack.created,
        StackStatus: stack.status,
        // As CloudFormation: no Outputs member at all for a stack without outputs.
        ...(stack.outputs.length > 0 ? { Outputs: stack.outputs.map((output) => ({ ...output })) } : {}),
      })),
    };
  }
}

function stackKey(account: string, region: string, name: string): string {
  return `${account}/${region}/${name}`;
}
