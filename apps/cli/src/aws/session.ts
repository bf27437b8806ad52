/**
 * The CLI's AWS session: one region, the credentials of a profile, of the default chain or
 * injected (tests), optionally a role assumed with them; the clients built from it (the hub's own
 * `createClients`, so the same retries, timeouts and plugins), and who the calls are made as
 * (STS GetCallerIdentity). Every client it hands out is destroyed with it. Read-only commands
 * (`plan` live, `report`) open one per run.
 */
import { userInfo } from 'node:os';
import type { EC2Client } from '@aws-sdk/client-ec2';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { type AwsClients, type AwsOptions, createClients } from '@guardrail/aws';
import type { AwsOverrides } from '@guardrail/engine';
import { CliInputError } from '../io';
import { sessionCredentials } from './credentials';
import { awsErrorText, isAssumeRoleFailure } from './errors';

export interface AwsSessionInput {
  region: string;
  /** A profile of the shared config/credentials files (SSO included). */
  profile?: string;
  /** A role to assume first (read-only use): `arn:aws:iam::<account>:role/<name>`. */
  roleArn?: string;
  /** RoleSessionName of the assumed role: shows in CloudTrail who read (see sessionNameFor). */
  sessionName?: string;
  /** Extra client plugins and credentials (the sandbox's, in tests); they replace profile and chain. */
  aws?: AwsOverrides;
}

export interface CallerIdentity {
  account: string;
  arn: string;
}

/** RoleSessionName: 2 to 64 of these characters. */
const SESSION_NAME_CHARACTERS = /[^\w+=,.@-]/g;

/** `guardrail-<purpose>-<user>`, as STS accepts it; `guardrail-<purpose>` when the user is unknown. */
export function sessionNameFor(purpose: string, user: string | undefined): string {
  const base = `guardrail-${purpose}`;
  const clean = (user ?? '').replace(SESSION_NAME_CHARACTERS, '-');
  return clean === '' ? base : `${base}-${clean}`.slice(0, 64);
}

/** The login name of who runs the CLI, for the session name; undefined when the system has none. */
export function currentUser(): string | undefined {
  try {
    return userInfo().username;
  } catch {
    return undefined;
  }
}

export class AwsSession {
  readonly region: string;
  /** What every client of the session is built from (for code that builds its own, as `report` does). */
  readonly options: AwsOptions;
  private readonly clients: AwsClients;
  private readonly opened: { destroy(): void }[] = [];
  private caller: Promise<CallerIdentity> | undefined;
  private stsUsed = false;

  constructor(private readonly input: AwsSessionInput) {
    this.region = input.region;
    const aws = input.aws ?? {};
    const credentials = sessionCredentials({
      region: input.region,
      sessionName: input.sessionName ?? sessionNameFor('cli', currentUser()),
      ...(input.profile === undefined ? {} : { profile: input.profile }),
      ...(input.roleArn === undefined ? {} : { roleArn: input.roleArn }),
      ...(aws.credentials === undefined ? {} : { credentials: aws.credentials }),
      ...(aws.plugins === undefined ? {} : { plugins: aws.plugins }),
      ...(aws.maxAttempts === undefined ? {} : { maxAttempts: aws.maxAttempts }),
    });
    this.options = {
      region: input.region,
      ...(aws.plugins === undefined ? {} : { plugins: aws.plugins }),
      ...(aws.maxAttempts === undefined ? {} : { maxAttempts: aws.maxAttempts }),
      ...(credentials === undefined ? {} : { credentials }),
    };
    this.clients = createClients(this.options);
  }

  /**
   * Who the calls are made as (once per session). The role is assumed here, on the first call:
   * a role that cannot be assumed, or credentials that cannot be found, fail here, before any read.
   */
  identity(): Promise<CallerIdentity> {
    this.stsUsed = true;
    this.caller ??= this.clients
      .sts()
      .send(new GetCallerIdentityCommand({}))
      .then(
        (answer) => ({ account: answer.Account ?? 'unknown', arn: answer.Arn ?? 'unknown' }),
        (error: unknown) => {
          throw this.signInError(error);
        },
      );
    return this.caller;
  }

  /** An EC2 client of the session (its region by default), destroyed with the session. */
  ec2(region: string = this.region): EC2Client {
    const client = this.clients.ec2(region);
    this.opened.push(client);
    return client;
  }

  /** Releases every client's sockets (the STS client behind AssumeRole keeps none open: idle sockets are unref'd). */
  destroy(): void {
    for (const client of this.opened.splice(0)) client.destroy();
    if (this.stsUsed) this.clients.sts().destroy();
  }

  private source(): string {
    if (this.input.roleArn !== undefined) return `as ${this.input.roleArn}`;
    if (this.input.profile !== undefined) return `with profile ${this.input.profile}`;
    return this.input.aws?.credentials === undefined
      ? 'with the default AWS credentials'
      : 'with the given credentials';
  }

  private signInError(error: unknown): CliInputError {
    const via = this.input.profile === undefined ? '' : ` with profile ${this.input.profile}`;
    const message = isAssumeRoleFailure(error)
      ? `cannot assume ${this.input.roleArn}${via}: ${awsErrorText(error)}`
      : `cannot sign in to AWS in ${this.region} ${this.source()}: ${awsErrorText(error)}`;
    return new CliInputError(message, { cause: error });
  }
}

/** Runs `use` with a session that is destroyed afterwards, whatever happens. */
export async function withAwsSession<T>(
  input: AwsSessionInput,
  use: (session: AwsSession) => Promise<T>,
): Promise<T> {
  const session = new AwsSession(input);
  try {
    return await use(session);
  } finally {
    session.destroy();
  }
}
