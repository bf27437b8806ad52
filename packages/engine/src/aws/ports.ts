/**
 * Builds the engine's AWS-facing ports from the @guardrail/aws adapters, so the Lambda, `guardrail
 * hub run` and `guardrail demo` wire the hub the same way (with the sandbox's plugin for the last).
 */
import {
  AccountDirectory,
  AlertPublisher,
  type AwsOptions,
  CredentialBroker,
  createClients,
  createOrganizationsClient,
  PrefixListReader,
  SecurityGroupGateway,
  SqsDeadLetterSink,
  SqsRecheckQueue,
} from '@guardrail/aws';
import { getOrCreate } from '../memo';
import type {
  AccountDirectoryPort,
  AlertSink,
  DeadLetterSink,
  GatewayFactory,
  PrefixListSource,
} from '../ports';
import type { RecheckQueuePort } from '../sweep/ports';

export interface AwsPortsOptions {
  /** Region, plugins, retries and the hub's own credentials (default chain when absent). */
  aws: AwsOptions;
  /** The member remediation role's name. */
  roleName: string;
  sourceIdentity?: string;
  sessionName?: string;
  partition?: string;
  topicArn: string;
  /** The dead-letter queue for unprocessable records; without it such records fail instead. */
  deadLetterQueueUrl?: string;
  /** The sweep queue, for the re-checks of paused rules; without it the next sweep re-checks. */
  recheckQueueUrl?: string;
  /** A role to assume for Organizations reads (the management or a delegated admin account). */
  orgReadRoleArn?: string;
  /** How long account membership answers are cached. */
  directoryTtlMs?: number;
  /**
   * Also read each account's OUs and root (Organizations ListParents), for the policies scoped to
   * OUs; set it exactly when one is loaded, so no other hub pays for the calls.
   */
  readAncestors?: boolean;
}

export interface AwsPorts {
  gateways: GatewayFactory;
  /** One prefix-list reader per account and region (its cache by list version is kept). */
  prefixLists: PrefixListSource;
  accounts: AccountDirectoryPort;
  alerts: AlertSink;
  deadLetters?: DeadLetterSink;
  recheck?: RecheckQueuePort;
  /** The member accounts' credentials and clients (the sweep's parts read through it too). */
  broker: CredentialBroker;
  /** Releases sockets (the CLI calls it on exit). */
  destroy(): void;
}

export function createAwsPorts(options: AwsPortsOptions): AwsPorts {
  const clients = createClients(options.aws);
  const broker = new CredentialBroker({
    ...options.aws,
    roleName: options.roleName,
    ...(options.partition ? { partition: options.partition } : {}),
    ...(options.sourceIdentity ? { sourceIdentity: options.sourceIdentity } : {}),
    ...(options.sessionName ? { sessionName: options.sessionName } : {}),
  });
  const gateways = new Map<string, SecurityGroupGateway>();
  const readers = new Map<string, PrefixListReader>();
  // The same Organizations client as the sweep planner's (the read role, its session, the SourceIdentity).
  const organizations = createOrganizationsClient({
    ...options.aws,
    ...(options.orgReadRoleArn ? { readRoleArn: options.orgReadRoleArn } : {}),
    ...(options.sourceIdentity ? { sourceIdentity: options.sourceIdentity } : {}),
  });
  return {
    broker,
    gateways(account, region) {
      return getOrCreate(
        gateways,
        `${account}/${region}`,
        () => new SecurityGroupGateway(broker.ec2(account, region)),
      );
    },
    prefixLists(account, region) {
      return getOrCreate(
        readers,
        `${account}/${region}`,
        () => new PrefixListReader(broker.ec2(account, region)),
      );
    },
    accounts: new AccountDirectory(organizations, {
      ...(options.directoryTtlMs === undefined ? {} : { ttlMs: options.directoryTtlMs }),
      ...(options.readAncestors ? { ancestors: true } : {}),
    }),
    alerts: new AlertPublisher(clients.sns(), options.topicArn),
    ...(options.deadLetterQueueUrl
      ? { deadLetters: new SqsDeadLetterSink(clients.sqs(), options.deadLetterQueueUrl) }
      : {}),
    ...(options.recheckQueueUrl
      ? { recheck: new SqsRecheckQueue(clients.sqs(), options.recheckQueueUrl) }
      : {}),
    destroy() {
      broker.destroy();
      gateways.clear();
      readers.clear();
    },
  };
}
