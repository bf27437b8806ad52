/**
 * `--stack <name>`: what a command would otherwise be told by URL, read from the hub stack's
 * Outputs (CloudFormation DescribeStacks), under the keys infra declares them with
 * (@guardrail/core HUB_STACK_OUTPUTS). A stack that is not there, or that lacks an output the
 * command needs, is the user's input to fix: one line naming the stack and the key, exit status 2.
 */
import {
  CloudFormationClient,
  CloudFormationServiceException,
  DescribeStacksCommand,
} from '@aws-sdk/client-cloudformation';
import { baseClientConfig, withPlugins } from '@guardrail/aws';
import { DEFAULT_HUB_STACK_NAME, HUB_ENV, HUB_STACK_OUTPUTS, type HubStackOutput } from '@guardrail/core';
import { type AwsOverrides, awsOptionsFor } from '@guardrail/engine';
import { CliCommandFailed, CliInputError, type CliIo } from '../io';
import { awsErrorText } from './errors';

/** The help text of every command's --stack. */
export const STACK_OPTION_HELP = `read the queue URLs and the rest from the Outputs of this hub stack (CloudFormation, e.g. ${DEFAULT_HUB_STACK_NAME})`;

/** A stack name as CloudFormation takes it, or a stack id (its ARN). */
const STACK_NAME = /^[A-Za-z][A-Za-z0-9-]{0,127}$/;
const STACK_ARN = /^arn:aws[a-z-]*:cloudformation:[a-z0-9-]+:\d{12}:stack\/[A-Za-z][A-Za-z0-9-]{0,127}\/\S+$/;

export interface StackOutputsRequest {
  /** The stack's name (or id), as given to --stack. */
  stack: string;
  /** The region of the stack (--region); else the SDK's resolution (AWS_REGION, the profile). */
  region?: string;
  /** Extra client plugins and credentials (the sandbox's, in tests). */
  aws?: AwsOverrides;
}

/** The Outputs of one deployed hub stack. */
export class HubStackOutputs {
  constructor(
    readonly stackName: string,
    /** The region it was read in (where its queues, topic and table are). */
    readonly region: string,
    readonly status: string,
    private readonly values: ReadonlyMap<string, string>,
  ) {}

  /** The output's value; a missing one is a CliInputError naming the stack and the key. */
  get(output: HubStackOutput): string {
    const key = HUB_STACK_OUTPUTS[output];
    const value = this.values.get(key);
    if (value === undefined || value === '') {
      throw new CliInputError(
        `--stack: stack ${this.stackName} (${this.status}) in ${this.region} has no output ${key}: ` +
          'is it a Guardrail hub stack, deployed by this version?',
      );
    }
    return value;
  }
}

/** `ValidationError: Stack with id X does not exist`: how CloudFormation says there is no such stack. */
function isMissingStack(error: unknown): boolean {
  return (
    error instanceof CloudFormationServiceException &&
    error.name === 'ValidationError' &&
    /does not exist/.test(error.message)
  );
}

export function stackOption(value: string): string {
  if (!STACK_NAME.test(value) && !STACK_ARN.test(value))
    throw new CliInputError(`--stack: "${value}" is not a CloudFormation stack name`);
  return value;
}

/** Reads the stack's Outputs with one DescribeStacks call. */
export async function readHubStackOutputs(request: StackOutputsRequest, io: CliIo): Promise<HubStackOutputs> {
  const stack = stackOption(request.stack);
  const options = awsOptionsFor(request.region ? { region: request.region } : {}, request.aws);
  // The hub's client settings (retries, per-attempt timeouts), so a hung endpoint fails the command.
  const client = withPlugins(new CloudFormationClient(baseClientConfig(options)), options.plugins);
  let region: string;
  try {
    region = await client.config.region();
  } catch (error) {
    client.destroy();
    throw new CliInputError(`--stack: no region to find stack ${stack} in: --region, or AWS_REGION`, {
      cause: error,
    });
  }
  try {
    const { Stacks: stacks = [] } = await client.send(new DescribeStacksCommand({ StackName: stack }));
    const found = stacks[0];
    if (!found) throw new CliInputError(`--stack: stack ${stack} not found in ${region}`);
    const values = new Map<string, string>();
    for (const output of found.Outputs ?? []) {
      if (output.OutputKey !== undefined && output.OutputValue !== undefined)
        values.set(output.OutputKey, output.OutputValue);
    }
    return new HubStackOutputs(
      found.StackName ?? stack,
      region,
      found.StackStatus ?? 'unknown status',
      values,
    );
  } catch (error) {
    if (error instanceof CliInputError) throw error;
    if (isMissingStack(error))
      throw new CliInputError(`--stack: stack ${stack} not found in ${region}`, {
        cause: error,
      });
    // Credentials, permissions, the network: the command could not run.
    const message = `cannot read the outputs of stack ${stack}: ${awsErrorText(error)}`;
    io.stderr(`error: ${message}\n`);
    throw new CliCommandFailed(message, { cause: error });
  } finally {
    client.destroy();
  }
}

/** A `--which` value among `choices`, the first being the default. */
export function whichOption<T extends string>(value: string | undefined, choices: readonly [T, ...T[]]): T {
  if (value === undefined) return choices[0];
  if ((choices as readonly string[]).includes(value)) return value as T;
  throw new CliInputError(`--which: "${value}" is not one of ${choices.join(', ')}`);
}

/** --which without --stack means nothing: said, rather than ignored. */
export function requireStackFor(flag: string, value: string | undefined, stack: string | undefined): void {
  if (value !== undefined && stack === undefined) throw new CliInputError(`${flag}: only with --stack`);
}

/**
 * The region to look the stack up in, for commands that read the hub's environment: --region,
 * else that environment's AWS_REGION (as the rest of the command reads it), else the SDK's own.
 */
export function regionFor(
  region: string | undefined,
  env: Record<string, string | undefined>,
): { region?: string } {
  const chosen = region ?? env[HUB_ENV.region];
  return chosen ? { region: chosen } : {};
}
