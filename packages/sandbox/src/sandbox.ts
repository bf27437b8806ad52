import type { AwsCredentialIdentity, Pluggable } from '@smithy/types';
import { TrailEmitter } from './cloudtrail/emitter';
import { CloudTrail } from './cloudtrail/trail';
import type { CallContext } from './context';
import { type AccessKey, KeyRing, type Principal, principalArn, toIdentity } from './credentials';
import { Dispatcher } from './dispatcher';
import { DynamoDbService } from './dynamodb/service';
import { Ec2Service } from './ec2/service';
import { Ec2Store } from './ec2/store';
import { SandboxError } from './errors';
import { Faults, Latency } from './faults';
import { Iam } from './iam';
import { type Account, Organization } from './organization';
import { sandboxPlugin } from './plugin';
import { IdFactory, SeededRandom } from './random';
import { CloudFormationService } from './services/cloudformation';
import { EventsService } from './services/events';
import { OrganizationsService } from './services/organizations';
import { S3Service } from './services/s3';
import { SnsService } from './services/sns';
import { SqsService } from './services/sqs';
import { StsService } from './services/sts';
import type {
  AccountSpec,
  CallerProfile,
  CallRecord,
  ClientConfigRequest,
  EventBridgeEvent,
  FaultSpec,
  SandboxOptions,
} from './types';

/** Mixed into the seed of the organization's own id stream. */
const ORGANIZATION_STREAM = 0x6f726773;

/** Any SDK v3 client: what `attach` needs of it. */
interface PluggableClient {
  // biome-ignore lint/suspicious/noExplicitAny: the SDK's own client-agnostic plugin type
  middlewareStack: { use(plugin: Pluggable<any, any>): void };
}

/**
 * An in-memory AWS organization that the real SDK v3 clients talk to (design.md section 10):
 * Organizations, IAM roles and STS with trust enforced, EC2 security groups, SNS, SQS, S3, the
 * CloudTrail-shaped EventBridge event of every mutating EC2 and EventBridge call, and EventBridge
 * rules that deliver those events to other accounts' buses.
 */
export class Sandbox {
  readonly organization: Organization;
  readonly iam: Iam;
  readonly ec2: Ec2Service;
  readonly sns: SnsService;
  readonly sqs: SqsService;
  readonly dynamodb: DynamoDbService;
  /** S3 buckets and objects (API and test setup: `createBucket`, `putObject`, `object`, `keys`). */
  readonly s3: S3Service;
  /** CloudFormation stacks and their Outputs (test setup: `putStack`; API: DescribeStacks). */
  readonly cloudformation: CloudFormationService;
  /** EventBridge: rules and buses (API and test setup), delivery of CloudTrail events, bus inboxes. */
  readonly eventbridge: EventsService;
  readonly faults: { add(spec: FaultSpec): void; clear(): void };
  readonly cloudtrail: TrailEmitter;
  readonly calls: CallRecord[] = [];
  readonly now: () => Date;

  private readonly ids: IdFactory;
  private readonly keys: KeyRing;
  private readonly trail: CloudTrail;
  private readonly latency = new Latency();
  private readonly serverCpu = { on: false };
  private readonly profiles = new Map<string, CallerProfile>();
  private readonly dispatcher: Dispatcher;
  private readonly partition: string;

  constructor(options: SandboxOptions = {}) {
    const random = new SeededRandom(options.seed ?? 1);
    this.now = options.now ?? (() => new Date());
    this.partition = options.partition ?? 'aws';
    this.ids = new IdFactory(random);
    this.keys = new KeyRing(this.ids);
    this.organization = new Organization(
      options.organizationId ?? 'o-exampleorgid',
      options.managementAccountId ?? '999999999999',
      this.partition,
      this.now,
      // The tree's ids come from a stream of their own, seeded alike: creating OUs in a test
      // never shifts the ids of its groups, keys or events.
      new IdFactory(new SeededRandom((options.seed ?? 1) ^ ORGANIZATION_STREAM)),
    );
    this.organization.addAccount({ id: this.organization.managementAccountId, name: 'management' });
    this.iam = new Iam(this.organization, this.ids);
    this.trail = new CloudTrail(this.ids, this.now, this.partition);
    const profileFor = (ctx: CallContext) => this.profileFor(ctx.key);
    this.ec2 = new Ec2Service(new Ec2Store(this.ids, this.partition), this.trail, profileFor);
    this.sqs = new SqsService(this.ids, this.now, this.partition);
    this.dynamodb = new DynamoDbService(this.now, this.partition);
    this.s3 = new S3Service(this.now, this.partition);
    this.cloudformation = new CloudFormationService(this.ids, this.now, this.partition);
    const faults = new Faults(random);
    this.faults = { add: (spec) => faults.add(spec), clear: () => faults.clear() };
    this.sns = new SnsService(this.ids, this.now, this.partition, faults);
    this.eventbridge = new EventsService({
      trail: this.trail,
      faults,
      deadLetters: this.sqs,
      now: this.now,
      partition: this.partition,
      profileFor,
    });
    // Every recorded event goes through the rules of its account's default bus, as CloudTrail
    // hands it to EventBridge; the trail itself (events, takeEvents) is unchanged.
    this.trail.onEvent((event) => this.eventbridge.route(event));
    this.cloudtrail = new TrailEmitter(
      this.trail,
      this.ids,
      (arn) => this.keyFor(arn, {}),
      (key) => this.profileFor(key),
      this.now,
      this.partition,
    );
    this.dispatcher = new Dispatcher({
      keys: this.keys,
      iam: this.iam,
      ids: this.ids,
      now: this.now,
      partition: this.partition,
      faults,
      latency: this.latency,
      serverCpu: this.serverCpu,
      calls: this.calls,
      ec2: this.ec2,
      handlers: {
        sts: new StsService(this.iam, this.keys, this.organization, this.now).handlers,
        sns: this.sns.handlers,
        sqs: this.sqs.handlers,
        dynamodb: this.dynamodb.handlers,
        organizations: new OrganizationsService(this.organization).handlers,
        events: this.eventbridge.handlers,
        s3: this.s3.handlers,
        cloudformation: this.cloudformation.handlers,
      },
      recorders: { ec2: this.ec2, events: this.eventbridge },
    });
  }

  addAccount(spec: AccountSpec): Account {
    return this.organization.addAccount(spec);
  }

  /** Long-lived keys for a user, the account root, or a role (an "external" session of it). */
  credentialsFor(
    principalArn: string,
    options: CallerProfile & { sessionName?: string } = {},
  ): AwsCredentialIdentity {
    return toIdentity(this.keyFor(principalArn, options));
  }

  /** `{ region, credentials }` to spread into any SDK client's constructor. */
  clientConfig(request: ClientConfigRequest): { region: string; credentials: AwsCredentialIdentity } {
    const { principalArn: arn, region, ...profile } = request;
    return { region, credentials: this.credentialsFor(arn, profile) };
  }

  /** How a principal's calls look in CloudTrail (source IP, user agent, console). */
  setCallerProfile(principalArn: string, profile: CallerProfile): void {
    this.profiles.set(principalArn, profile);
  }

  // biome-ignore lint/suspicious/noExplicitAny: the SDK's own client-agnostic plugin type
  plugin(): Pluggable<any, any> {
    return sandboxPlugin(this.dispatcher);
  }

  attach<T extends PluggableClient>(client: T): T {
    client.middlewareStack.use(this.plugin());
    return client;
  }

  get events(): EventBridgeEvent[] {
    return this.trail.events;
  }

  onEvent(listener: (event: EventBridgeEvent) => void): () => void {
    return this.trail.onEvent(listener);
  }

  takeEvents(): EventBridgeEvent[] {
    return this.trail.take();
  }

  /**
   * Whether each call records the sandbox's own CPU for it (`CallRecord.cpuMs`), so a benchmark
   * can leave a real endpoint's share out of the client's cost. Off by default: the two
   * `process.cpuUsage()` calls per call are themselves a few percent of a busy run.
   */
  measureServerCpu(on: boolean): void {
    this.serverCpu.on = on;
  }

  setLatency(ms: number | { [service: string]: number }): void {
    this.latency.set(ms);
  }

  private keyFor(arn: string, options: CallerProfile & { sessionName?: string }): AccessKey {
    const { sessionName, ...profile } = options;
    const defined = Object.fromEntries(Object.entries(profile).filter(([, v]) => v !== undefined));
    const principal = this.principalFor(arn, sessionName);
    return this.keys.issue(principal, defined, principal.kind === 'session');
  }

  private principalFor(arn: string, sessionName?: string): Principal {
    const user = this.iam.user(arn);
    if (user) return { kind: 'user', user };
    const root = arn.match(/^arn:[^:]+:iam::(\d{12}):root$/);
    if (root?.[1]) return { kind: 'root', accountId: this.organization.require(root[1]).id };
    const assumed = arn.match(/^arn:([^:]+):sts::(\d{12}):assumed-role\/([^/]+)\/(.+)$/);
    const roleArn = assumed ? `arn:${assumed[1]}:iam::${assumed[2]}:role/${assumed[3]}` : arn;
    const role = this.iam.role(roleArn);
    if (!role) throw new SandboxError(`no user or role ${arn} in the sandbox`);
    return {
      kind: 'session',
      role,
      sessionName: assumed?.[4] ?? sessionName ?? role.roleName,
      creationDate: this.now(),
    };
  }

  /** The caller profile of a key: the key's own settings over its principal's, over its role's. */
  private profileFor(key: AccessKey): CallerProfile {
    const arn = principalArn(key.principal, this.partition);
    const roleArn = key.principal.kind === 'session' ? key.principal.role.arn : undefined;
    return {
      ...(roleArn ? this.profiles.get(roleArn) : {}),
      ...this.profiles.get(arn),
      ...key.profile,
    };
  }
}
