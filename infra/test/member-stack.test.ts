import { onlyResource, resourcesOf, type Synthesized, synthesize } from './support/synth';

let s: Synthesized;
beforeAll(() => {
  s = synthesize();
});

describe('the member template (as the StackSet carries it)', () => {
  it('is StackSet-safe: no bootstrap rule or parameter, no analytics metadata, no assets', () => {
    expect(s.memberJson.Rules).toBeUndefined();
    const parameters = s.memberJson.Parameters as Record<
      string,
      { AllowedPattern?: string; Default?: string }
    >;
    expect(parameters.BootstrapVersion).toBeUndefined();
    expect(resourcesOf(s.memberJson, 'AWS::CDK::Metadata')).toEqual({});
    expect(JSON.stringify(s.memberJson)).not.toContain('aws:cdk:path');
    expect(JSON.stringify(s.memberJson)).not.toMatch(/cdk-hnb659fds|AssetParameters/);
  });

  it('declares every parameter with an allowed pattern that accepts its default', () => {
    const parameters = s.memberJson.Parameters as Record<string, { AllowedPattern: string; Default: string }>;
    expect(Object.keys(parameters).sort()).toEqual([
      'GlobalResourcesRegion',
      'HubEventBusArn',
      'HubRoleArn',
      'RemediationRoleName',
    ]);
    for (const [name, parameter] of Object.entries(parameters)) {
      expect({ name, ok: new RegExp(parameter.AllowedPattern).test(parameter.Default) }).toEqual({
        name,
        ok: true,
      });
    }
    expect(new RegExp(parameters.HubRoleArn!.AllowedPattern).test('arn:aws:iam::111111111111:user/x')).toBe(
      false,
    );
    expect(
      new RegExp(parameters.HubEventBusArn!.AllowedPattern).test('arn:aws:sqs:eu-west-1:111111111111:q'),
    ).toBe(false);
  });

  it('forwards to the hub bus through a role allowed only events:PutEvents on that bus, with a dead-letter queue', () => {
    const rules = resourcesOf(s.memberJson, 'AWS::Events::Rule');
    const target = {
      Id: 'guardrail-hub-bus',
      Arn: { Ref: 'HubEventBusArn' },
      RoleArn: { 'Fn::GetAtt': ['ForwarderRole', 'Arn'] },
      DeadLetterConfig: { Arn: { 'Fn::GetAtt': ['ForwardingDeadLetterQueue', 'Arn'] } },
      RetryPolicy: { MaximumRetryAttempts: 185, MaximumEventAgeInSeconds: 86400 },
    };
    const names = s.config.names;
    expect(
      Object.fromEntries(
        Object.entries(rules).map(([id, rule]) => {
          const p = rule.Properties as {
            Name: string;
            EventBusName: string;
            State: string;
            Targets: unknown[];
          };
          return [id, { name: p.Name, bus: p.EventBusName, state: p.State, targets: p.Targets }];
        }),
      ),
    ).toEqual({
      ForwardingRule: { name: names.forwardingRule, bus: 'default', state: 'ENABLED', targets: [target] },
      WatchdogRule: { name: names.watchdogRule, bus: 'default', state: 'ENABLED', targets: [target] },
      RoleWatchRule: { name: names.roleWatchRule, bus: 'default', state: 'ENABLED', targets: [target] },
    });
    const forwarder = resourcesOf(s.memberJson, 'AWS::IAM::Role').ForwarderRole!.Properties as {
      RoleName: unknown;
      Policies: { PolicyDocument: { Statement: unknown[] } }[];
    };
    // A fixed name per region, so the protection SCP can name it.
    expect(forwarder.RoleName).toEqual({
      'Fn::Join': ['', ['guardrail-forwarder-', { Ref: 'AWS::Region' }]],
    });
    expect(forwarder.Policies.flatMap((policy) => policy.PolicyDocument.Statement)).toEqual([
      { Effect: 'Allow', Action: 'events:PutEvents', Resource: { Ref: 'HubEventBusArn' } },
    ]);
  });

  it('keeps undelivered events in an encrypted queue only the guardrail rules may write to', () => {
    const queue = onlyResource(s.memberJson, 'AWS::SQS::Queue').Properties;
    expect(queue).toEqual({
      QueueName: s.config.names.forwardingDeadLetterQueue,
      SqsManagedSseEnabled: true,
      MessageRetentionPeriod: 4 * 24 * 3600,
    });
    const policy = onlyResource(s.memberJson, 'AWS::SQS::QueuePolicy').Properties as {
      PolicyDocument: {
        Statement: { Sid: string; Effect: string; Principal: unknown; Action: string; Condition: unknown }[];
      };
    };
    const [send, tls] = policy.PolicyDocument.Statement;
    expect(send).toMatchObject({
      Effect: 'Allow',
      Principal: { Service: 'events.amazonaws.com' },
      Action: 'sqs:SendMessage',
    });
    expect(JSON.stringify(send!.Condition)).toContain(`rule/${s.config.names.watchdogRule}`);
    expect(tls).toMatchObject({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } });
  });

  it('creates the remediation role only in the global resources region, trusted by the hub role alone', () => {
    const role = resourcesOf(s.memberJson, 'AWS::IAM::Role').RemediationRole!;
    expect(role.Condition).toBe('InGlobalResourcesRegion');
    const conditions = s.memberJson.Conditions as Record<string, unknown>;
    expect(conditions.InGlobalResourcesRegion).toEqual({
      'Fn::Equals': [{ Ref: 'AWS::Region' }, { Ref: 'GlobalResourcesRegion' }],
    });
    expect(role.Properties.RoleName).toEqual({ Ref: 'RemediationRoleName' });
    expect(role.Properties.AssumeRolePolicyDocument).toEqual({
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'OnlyTheHubRole',
          Effect: 'Allow',
          Principal: { AWS: { Ref: 'HubRoleArn' } },
          Action: ['sts:AssumeRole', 'sts:SetSourceIdentity'],
          Condition: { StringEquals: { 'sts:SourceIdentity': 'guardrail' } },
        },
      ],
    });
  });
});
