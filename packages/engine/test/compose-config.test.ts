import {
  DEFAULT_BREAKER,
  DEFAULT_CLAIM_TTL_SECONDS,
  DEFAULT_CONCURRENCY,
  DEFAULT_TAG_KEYS,
  GUARDRAIL_NAMES,
  HUB_ENV,
  MAX_CLAIM_TTL_SECONDS,
} from '@guardrail/core';
import { ConfigError, type HubVariable, loadHubConfig, loadSweepConfig } from '../src/compose';

const TOPIC = 'arn:aws:sns:eu-west-1:999999999999:guardrail-alerts';
const QUEUE = 'https://sqs.eu-west-1.amazonaws.com/999999999999/guardrail-events';

function issuesOf(load: () => unknown): string {
  try {
    load();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).issues.join('\n');
  }
  throw new Error('no ConfigError thrown');
}

describe('loadHubConfig with flags over the environment', () => {
  it('lets a given flag win over its variable, and ignores a flag that was not given', () => {
    const config = loadHubConfig(
      { GUARDRAIL_TOPIC_ARN: 'arn:aws:sns:us-east-1:111111111111:env', GUARDRAIL_ROLE_NAME: 'from-env' },
      {
        GUARDRAIL_TOPIC_ARN: { flag: '--topic-arn', value: TOPIC },
        GUARDRAIL_ROLE_NAME: { flag: '--role-name' },
        AWS_REGION: { flag: '--region', value: 'eu-west-1' },
      },
    );
    expect(config).toMatchObject({ topicArn: TOPIC, roleName: 'from-env', region: 'eu-west-1' });
    // The region given by flag is also the sweep's default region, as AWS_REGION would be.
    expect(config.sweep).toEqual({ regions: ['eu-west-1'], ouIds: [], deadlineSeconds: 3600 });
  });

  it('takes a policy file flag over inline YAML from the environment (no "not both")', () => {
    const config = loadHubConfig(
      { GUARDRAIL_TOPIC_ARN: TOPIC, GUARDRAIL_POLICY_YAML: 'version: 1\npolicies: {}\n' },
      { GUARDRAIL_POLICY_FILE: { flag: '--policies', value: 'p.yaml' } },
    );
    expect(config.policy).toEqual({ file: 'p.yaml' });
    expect(() =>
      loadHubConfig({
        GUARDRAIL_TOPIC_ARN: TOPIC,
        GUARDRAIL_POLICY_YAML: 'x',
        GUARDRAIL_POLICY_FILE: 'p.yaml',
      }),
    ).toThrow(/not both/);
  });

  it('names the flag when a flag is wrong, and offers it when its variable is missing', () => {
    const wrong = issuesOf(() =>
      loadHubConfig({}, { GUARDRAIL_TOPIC_ARN: { flag: '--topic-arn', value: 'not-an-arn' } }),
    );
    expect(wrong).toBe('--topic-arn is not an SNS topic ARN');
    const missing = issuesOf(() => loadHubConfig({}, { GUARDRAIL_TOPIC_ARN: { flag: '--topic-arn' } }));
    expect(missing).toBe('GUARDRAIL_TOPIC_ARN (or --topic-arn) is required');
  });

  it('names each bad item of a list by its variable', () => {
    const issues = issuesOf(() =>
      loadHubConfig({ GUARDRAIL_TOPIC_ARN: TOPIC, GUARDRAIL_SWEEP_REGIONS: 'eu-west-1,Ireland' }),
    );
    expect(issues).toMatch(/^GUARDRAIL_SWEEP_REGIONS\.1 /);
  });
});

describe('loadSweepConfig', () => {
  it('needs no topic or policy: only the sweep variables', () => {
    expect(
      loadSweepConfig({
        GUARDRAIL_QUEUE_URL: QUEUE,
        GUARDRAIL_SWEEP_REGIONS: 'us-east-1,us-east-1',
        GUARDRAIL_SWEEP_OU_IDS: 'r-ab12',
        GUARDRAIL_ORG_READ_ROLE_ARN: 'arn:aws:iam::888888888888:role/org-read',
        AWS_REGION: 'eu-west-1',
      }),
    ).toEqual({
      region: 'eu-west-1',
      orgReadRoleArn: 'arn:aws:iam::888888888888:role/org-read',
      sweep: { regions: ['us-east-1'], queueUrl: QUEUE, ouIds: ['r-ab12'], deadlineSeconds: 3600 },
    });
    expect(loadSweepConfig({})).toEqual({});
  });

  it('reads what loadHubConfig reads, the same way', () => {
    const env = {
      GUARDRAIL_QUEUE_URL: QUEUE,
      AWS_REGION: 'eu-west-1',
      GUARDRAIL_SWEEP_OU_IDS: 'ou-ab12-34cd56ef',
    };
    const hub = loadHubConfig({ ...env, GUARDRAIL_TOPIC_ARN: TOPIC });
    expect(loadSweepConfig(env)).toEqual({ region: hub.region, sweep: hub.sweep });
  });

  it('names the flags that are wrong', () => {
    const issues = issuesOf(() =>
      loadSweepConfig(
        {},
        {
          GUARDRAIL_QUEUE_URL: { flag: '--queue-url', value: 'not a url' },
          GUARDRAIL_SWEEP_OU_IDS: { flag: '--ou-ids', value: 'sales' },
        },
      ),
    );
    expect(issues).toContain('--queue-url ');
    expect(issues).toContain('--ou-ids ');
    expect(issues).not.toContain('GUARDRAIL_');
  });
});

describe('loadHubConfig: the state table', () => {
  it('takes GUARDRAIL_STATE_TABLE by name or ARN, and leaves it out when unset or empty', () => {
    expect(
      loadHubConfig({ GUARDRAIL_TOPIC_ARN: TOPIC, GUARDRAIL_STATE_TABLE: 'guardrail-state' }).stateTable,
    ).toBe('guardrail-state');
    const arn = 'arn:aws:dynamodb:eu-west-1:999999999999:table/guardrail-state';
    expect(loadHubConfig({ GUARDRAIL_TOPIC_ARN: TOPIC, GUARDRAIL_STATE_TABLE: arn }).stateTable).toBe(arn);
    expect(loadHubConfig({ GUARDRAIL_TOPIC_ARN: TOPIC, GUARDRAIL_STATE_TABLE: '' })).not.toHaveProperty(
      'stateTable',
    );
    expect(loadHubConfig({ GUARDRAIL_TOPIC_ARN: TOPIC })).not.toHaveProperty('stateTable');
  });

  it('rejects what cannot be a table', () => {
    expect(issuesOf(() => loadHubConfig({ GUARDRAIL_TOPIC_ARN: TOPIC, GUARDRAIL_STATE_TABLE: 'a b' }))).toBe(
      'GUARDRAIL_STATE_TABLE is not a DynamoDB table name or ARN',
    );
  });
});

describe('the sweep results bucket', () => {
  it('takes GUARDRAIL_SWEEP_RESULTS_BUCKET for the hub and the planner, and leaves it out when unset or empty', () => {
    const env = { GUARDRAIL_TOPIC_ARN: TOPIC, GUARDRAIL_SWEEP_RESULTS_BUCKET: 'guardrail-sweep-results-1' };
    expect(loadHubConfig(env).sweepResultsBucket).toBe('guardrail-sweep-results-1');
    expect(loadSweepConfig(env).sweepResultsBucket).toBe('guardrail-sweep-results-1');
    expect(loadHubConfig({ ...env, GUARDRAIL_SWEEP_RESULTS_BUCKET: '' })).not.toHaveProperty(
      'sweepResultsBucket',
    );
    expect(loadSweepConfig({})).not.toHaveProperty('sweepResultsBucket');
  });

  it('refuses an ARN or a URI where the bucket name goes', () => {
    for (const value of ['arn:aws:s3:::guardrail-results', 's3://guardrail-results', 'Guardrail_Results'])
      expect(
        issuesOf(() => loadHubConfig({ GUARDRAIL_TOPIC_ARN: TOPIC, GUARDRAIL_SWEEP_RESULTS_BUCKET: value })),
      ).toBe(
        'GUARDRAIL_SWEEP_RESULTS_BUCKET is not an S3 bucket name (the name, not its ARN or an s3:// URI)',
      );
  });
});

describe('loadHubConfig: the claim lifetime', () => {
  it('holds claims 90 s by default and takes GUARDRAIL_CLAIM_TTL_SECONDS (empty is unset)', () => {
    expect(loadHubConfig({ GUARDRAIL_TOPIC_ARN: TOPIC }).claimTtlSeconds).toBe(90);
    expect(
      loadHubConfig({ GUARDRAIL_TOPIC_ARN: TOPIC, GUARDRAIL_CLAIM_TTL_SECONDS: '' }).claimTtlSeconds,
    ).toBe(90);
    expect(
      loadHubConfig({ GUARDRAIL_TOPIC_ARN: TOPIC, GUARDRAIL_CLAIM_TTL_SECONDS: '300' }).claimTtlSeconds,
    ).toBe(300);
  });

  it.each(['0', '-5', '1.5', 'soon', '43201'])('rejects %s', (value) => {
    expect(
      issuesOf(() => loadHubConfig({ GUARDRAIL_TOPIC_ARN: TOPIC, GUARDRAIL_CLAIM_TTL_SECONDS: value })),
    ).toMatch(/^GUARDRAIL_CLAIM_TTL_SECONDS /);
  });
});

describe('loadHubConfig: the contract (@guardrail/core)', () => {
  it('defaults to the contract values', () => {
    expect(loadHubConfig({ GUARDRAIL_TOPIC_ARN: TOPIC })).toMatchObject({
      roleName: GUARDRAIL_NAMES.remediationRole,
      sourceIdentity: GUARDRAIL_NAMES.sourceIdentity,
      tagKeys: DEFAULT_TAG_KEYS,
      forwardingRuleName: GUARDRAIL_NAMES.forwardingRule,
      watchdogRuleName: GUARDRAIL_NAMES.watchdogRule,
      roleWatchRuleName: GUARDRAIL_NAMES.roleWatchRule,
      forwarderRolePrefix: GUARDRAIL_NAMES.forwarderRolePrefix,
      forwardingDeadLetterQueue: GUARDRAIL_NAMES.forwardingDeadLetterQueue,
      maxConcurrency: DEFAULT_CONCURRENCY.max,
      maxConcurrencyPerAccount: DEFAULT_CONCURRENCY.perAccount,
      breaker: DEFAULT_BREAKER,
      claimTtlSeconds: DEFAULT_CLAIM_TTL_SECONDS,
      metricsNamespace: GUARDRAIL_NAMES.metricsNamespace,
      serviceName: GUARDRAIL_NAMES.serviceName,
    });
  });

  it('takes a claim lifetime up to MAX_CLAIM_TTL_SECONDS and no longer', () => {
    const ttl = (value: number) => ({
      GUARDRAIL_TOPIC_ARN: TOPIC,
      GUARDRAIL_CLAIM_TTL_SECONDS: String(value),
    });
    expect(loadHubConfig(ttl(MAX_CLAIM_TTL_SECONDS)).claimTtlSeconds).toBe(MAX_CLAIM_TTL_SECONDS);
    expect(() => loadHubConfig(ttl(MAX_CLAIM_TTL_SECONDS + 1))).toThrow(ConfigError);
  });

  it('checks every contract variable that has a shape: a wrong value is named by its variable', () => {
    const numbers = new Set<HubVariable>([
      HUB_ENV.maxConcurrency,
      HUB_ENV.maxConcurrencyPerAccount,
      HUB_ENV.breakerMaxRemediations,
      HUB_ENV.breakerWindowMinutes,
      HUB_ENV.claimTtlSeconds,
    ]);
    const validated: HubVariable[] = [
      HUB_ENV.topicArn,
      HUB_ENV.hubRoleArn,
      HUB_ENV.orgReadRoleArn,
      HUB_ENV.deadLetterQueueUrl,
      HUB_ENV.consoleBaseUrl,
      HUB_ENV.stateTable,
      HUB_ENV.sweepRegions,
      HUB_ENV.queueUrl,
      HUB_ENV.sweepOuIds,
      HUB_ENV.sweepResultsBucket,
      ...numbers,
    ];
    for (const name of validated) {
      const issues = issuesOf(() =>
        loadHubConfig({ GUARDRAIL_TOPIC_ARN: TOPIC, [name]: numbers.has(name) ? '0' : 'a b' }),
      );
      expect({ name, issues }).toEqual({ name, issues: expect.stringMatching(new RegExp(`^${name}`)) });
    }
  });

  it('gives the sweep planner the SourceIdentity only when one is set (the read session defaults it)', () => {
    expect(loadSweepConfig({ GUARDRAIL_SOURCE_IDENTITY: 'gr' })).toEqual({ sourceIdentity: 'gr' });
    expect(loadSweepConfig({ GUARDRAIL_SOURCE_IDENTITY: '' })).toEqual({});
  });
});
