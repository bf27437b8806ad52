import { SNSClient } from '@aws-sdk/client-sns';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { createClients, DEFAULT_MAX_ATTEMPTS } from '../src';
import { deferClient } from '../src/clients';
import { createOrg, REGION } from './fixture';

/** A resolved config value may be the value or a provider of it. */
async function resolved<T>(value: T | (() => Promise<T>)): Promise<T> {
  return typeof value === 'function' ? (value as () => Promise<T>)() : value;
}

describe('createClients', () => {
  it('builds each client once, with the plugins and the given credentials', async () => {
    const { sb, aws, hubRoleArn } = createOrg();
    const clients = createClients(aws);
    expect(clients.sts()).toBe(clients.sts());
    expect(clients.sns()).toBe(clients.sns());
    expect(clients.organizations()).toBe(clients.organizations());
    expect(clients.sqs()).toBe(clients.sqs());
    const identity = await clients.sts().send(new GetCallerIdentityCommand({}));
    expect(identity.Arn).toMatch(/:assumed-role\/guardrail-hub\//);
    expect(sb.calls.at(-1)).toMatchObject({ operation: 'GetCallerIdentity', principalArn: identity.Arn });
    expect(hubRoleArn).toContain('guardrail-hub');
  });

  it('builds a client on its first use, not when handed out, and only once', async () => {
    const { sb, aws } = createOrg();
    let built = 0;
    const sts = deferClient(STSClient, () => {
      built++;
      return createClients(aws).sts();
    });
    expect(built).toBe(0);
    expect(sts).toBeInstanceOf(STSClient);
    // Nothing to release before the first use: destroying builds nothing.
    sts.destroy();
    expect(built).toBe(0);
    const identity = await sts.send(new GetCallerIdentityCommand({}));
    expect(identity.Arn).toMatch(/:assumed-role\/guardrail-hub\//);
    expect('send' in sts).toBe(true);
    await sts.send(new GetCallerIdentityCommand({}));
    expect(built).toBe(1);
    expect(sb.calls.filter((call) => call.operation === 'GetCallerIdentity')).toHaveLength(2);
    // After use, destroy and property writes reach the real client.
    (sts as unknown as { marker: string }).marker = 'set';
    expect((sts as unknown as { marker: string }).marker).toBe('set');
    sts.destroy();
  });

  it('hands out deferred clients, of their class, with nothing to destroy before use', () => {
    const clients = createClients({ region: REGION });
    const sns = clients.sns();
    expect(sns).toBeInstanceOf(SNSClient);
    expect(() => sns.destroy()).not.toThrow();
  });

  it('uses adaptive retries with the configured attempts (default 5)', async () => {
    const defaults = createClients({ region: REGION });
    expect(await resolved(defaults.sns().config.maxAttempts)).toBe(DEFAULT_MAX_ATTEMPTS);
    expect(await resolved(defaults.sns().config.retryMode)).toBe('adaptive');
    expect(await resolved(createClients({ region: REGION, maxAttempts: 3 }).sqs().config.maxAttempts)).toBe(
      3,
    );
  });

  it('builds a new EC2 client per call, in the given region', async () => {
    const clients = createClients({ region: REGION });
    const a = clients.ec2('ap-southeast-2');
    expect(a).not.toBe(clients.ec2('ap-southeast-2'));
    expect(await a.config.region()).toBe('ap-southeast-2');
  });

  describe('standard configuration from the environment', () => {
    const saved = { ...process.env };
    afterEach(() => {
      process.env = { ...saved };
    });

    it('takes the region from AWS_REGION and the endpoint from AWS_ENDPOINT_URL', async () => {
      const { aws } = createOrg();
      process.env.AWS_REGION = 'eu-central-2';
      process.env.AWS_ENDPOINT_URL = 'http://localhost:4566';
      const { region: _fixed, ...fromEnvironment } = aws;
      const sts = createClients(fromEnvironment).sts();
      const sent: { hostname: string; port?: number }[] = [];
      // Records where the request would go; the sandbox plugin then answers it.
      sts.middlewareStack.add(
        (next) => async (args) => {
          const request = args.request as { hostname: string; port?: number };
          sent.push({ hostname: request.hostname, port: request.port });
          return next(args);
        },
        { step: 'finalizeRequest', name: 'recordDestination' },
      );
      await sts.send(new GetCallerIdentityCommand({}));
      expect(await sts.config.region()).toBe('eu-central-2');
      expect(sent).toEqual([{ hostname: 'localhost', port: 4566 }]);
    });
  });
});
