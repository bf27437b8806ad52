import { ConfigError, loadConfig } from '../src/config';

const TOPIC = 'arn:aws:sns:eu-west-1:999999999999:guardrail-alerts';

describe('loadConfig', () => {
  it('applies the documented defaults', () => {
    const config = loadConfig({ GUARDRAIL_TOPIC_ARN: TOPIC });
    expect(config).toEqual({
      policy: {},
      roleName: 'guardrail-remediation',
      sourceIdentity: 'guardrail',
      tagKeys: { policy: 'guardrail:policy', mode: 'guardrail:mode' },
      topicArn: TOPIC,
      partition: 'aws',
      forwardingRuleName: 'guardrail-forward-sg-events',
      watchdogRuleName: 'guardrail-watch-forwarding',
      roleWatchRuleName: 'guardrail-watch-roles',
      forwarderRolePrefix: 'guardrail-forwarder-',
      forwardingDeadLetterQueue: 'guardrail-forwarding-dlq',
      maxConcurrency: 16,
      maxConcurrencyPerAccount: 4,
      breaker: { maxRemediations: 5, windowMinutes: 10 },
      claimTtlSeconds: 90,
      metricsNamespace: 'Guardrail',
      serviceName: 'guardrail-hub',
    });
  });

  it('reads every variable, treating empty as unset', () => {
    const config = loadConfig({
      GUARDRAIL_TOPIC_ARN: 'arn:aws-us-gov:sns:us-gov-west-1:999999999999:t',
      GUARDRAIL_POLICY_YAML: 'version: 1\npolicies: {}\n',
      GUARDRAIL_POLICY_FILE: '',
      GUARDRAIL_ROLE_NAME: 'remediator',
      GUARDRAIL_SOURCE_IDENTITY: 'gr',
      GUARDRAIL_TAG_POLICY: 'sec:policy',
      GUARDRAIL_TAG_MODE: 'sec:mode',
      GUARDRAIL_HUB_ROLE_ARN: 'arn:aws-us-gov:iam::999999999999:role/hub',
      GUARDRAIL_FORWARDING_RULE_NAME: 'fwd',
      GUARDRAIL_ORG_READ_ROLE_ARN: 'arn:aws-us-gov:iam::888888888888:role/org-read',
      GUARDRAIL_DEAD_LETTER_QUEUE_URL: 'https://sqs.us-gov-west-1.amazonaws.com/999999999999/dlq',
      GUARDRAIL_MAX_CONCURRENCY: '8',
      GUARDRAIL_BREAKER_MAX_REMEDIATIONS: '3',
      GUARDRAIL_BREAKER_WINDOW_MINUTES: '30',
      AWS_REGION: 'us-gov-west-1',
    });
    expect(config).toMatchObject({
      policy: { yaml: 'version: 1\npolicies: {}\n' },
      roleName: 'remediator',
      sourceIdentity: 'gr',
      tagKeys: { policy: 'sec:policy', mode: 'sec:mode' },
      partition: 'aws-us-gov',
      hubRoleArn: 'arn:aws-us-gov:iam::999999999999:role/hub',
      forwardingRuleName: 'fwd',
      watchdogRuleName: 'guardrail-watch-forwarding',
      roleWatchRuleName: 'guardrail-watch-roles',
      forwarderRolePrefix: 'guardrail-forwarder-',
      forwardingDeadLetterQueue: 'guardrail-forwarding-dlq',
      orgReadRoleArn: 'arn:aws-us-gov:iam::888888888888:role/org-read',
      deadLetterQueueUrl: 'https://sqs.us-gov-west-1.amazonaws.com/999999999999/dlq',
      maxConcurrency: 8,
      breaker: { maxRemediations: 3, windowMinutes: 30 },
      region: 'us-gov-west-1',
    });
    expect(config.policy.file).toBeUndefined();
  });

  it('names every wrong variable', () => {
    let error: unknown;
    try {
      loadConfig({ GUARDRAIL_MAX_CONCURRENCY: 'many', GUARDRAIL_HUB_ROLE_ARN: 'hub' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const issues = (error as ConfigError).issues.join('\n');
    expect(issues).toContain('GUARDRAIL_TOPIC_ARN');
    expect(issues).toContain('GUARDRAIL_MAX_CONCURRENCY');
    expect(issues).toContain('GUARDRAIL_HUB_ROLE_ARN');
  });

  it('refuses both a policy file and inline policies', () => {
    expect(() =>
      loadConfig({
        GUARDRAIL_TOPIC_ARN: TOPIC,
        GUARDRAIL_POLICY_FILE: '/p.yaml',
        GUARDRAIL_POLICY_YAML: 'x',
      }),
    ).toThrow(ConfigError);
  });
});
