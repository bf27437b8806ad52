import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DeployConfigError } from '../src/config/errors';
import { loadDeployConfig, parseDeployConfig } from '../src/config/load';
import { hubRoleArn } from '../src/names';
import { buildProtectionScp } from '../src/org/protection-scp';
import { EXAMPLE_CONFIG, exampleConfigObject } from './support/synth';

function captureError(run: () => unknown): DeployConfigError {
  try {
    run();
  } catch (error) {
    if (error instanceof DeployConfigError) return error;
    throw error;
  }
  throw new Error('expected a DeployConfigError');
}

describe('the deploy configuration', () => {
  it('loads the example with defaults filled in and the policy file resolved', () => {
    const config = loadDeployConfig(EXAMPLE_CONFIG);
    expect(config.hub).toEqual({
      account: '111111111111',
      region: 'eu-west-1',
      callAs: 'DELEGATED_ADMIN',
      partition: 'aws',
    });
    expect(config.policyFilePath).toBe(join(__dirname, '..', 'policies.example.yaml'));
    expect(config.targets.globalResourcesRegion).toBe('eu-west-1');
    expect(config.names.forwardingRule).toBe('guardrail-forward-sg-events');
  });

  it('defaults the global resources region to the first target region when the hub region is not a target', () => {
    const raw = exampleConfigObject();
    const config = parseDeployConfig(
      {
        ...raw,
        targets: { organizationalUnitIds: ['ou-abcd-11111111'], regions: ['us-east-2', 'ap-south-1'] },
      },
      EXAMPLE_CONFIG,
    );
    expect(config.targets.globalResourcesRegion).toBe('us-east-2');
  });

  it('names the file and every bad field', () => {
    const raw = exampleConfigObject();
    const error = captureError(() =>
      parseDeployConfig(
        {
          ...raw,
          hub: { account: '12345', region: 'eu-west-1' },
          organizationId: 'org-1',
          alerts: { subscriptions: { https: ['http://example.com/hook'] } },
          unknownField: true,
        },
        '/etc/guardrail.yaml',
      ),
    );
    expect(error.name).toBe('DeployConfigError');
    expect(error.file).toBe('/etc/guardrail.yaml');
    expect(error.issues.map((issue) => issue.field).sort()).toEqual([
      'alerts.subscriptions.https.0',
      'hub.account',
      'organizationId',
      'unknownField',
    ]);
    expect(error.message).toContain('/etc/guardrail.yaml');
    expect(error.message).toContain('hub.account: must be a 12-digit AWS account id');
    expect(error.message).toContain('unknownField: is not a known field');
  });

  it('refuses a global resources region outside the targets, and an SCP without the management account', () => {
    const raw = exampleConfigObject();
    const error = captureError(() =>
      parseDeployConfig(
        {
          ...raw,
          targets: {
            organizationalUnitIds: ['ou-abcd-11111111'],
            regions: ['eu-west-1'],
            globalResourcesRegion: 'us-east-1',
          },
          scp: {},
        },
        EXAMPLE_CONFIG,
      ),
    );
    expect(error.issues.map((issue) => issue.field).sort()).toEqual(['scp', 'targets.globalResourcesRegion']);
  });

  it('takes the regions both the hub and the member template accept, and names any other', () => {
    const raw = exampleConfigObject();
    const withRegions = (regions: string[]) =>
      parseDeployConfig(
        { ...raw, targets: { organizationalUnitIds: ['ou-abcd-11111111'], regions } },
        EXAMPLE_CONFIG,
      );
    const accepted = ['eu-west-1', 'us-east-1', 'ap-southeast-5', 'mx-central-1'];
    expect(withRegions(accepted).targets.regions).toEqual(accepted);
    // The hub's REGION_PATTERN takes 'eu-west-10' and 'eu-central-west-1'; the member template's
    // AllowedPattern does not, so synth refuses them rather than the StackSet.
    for (const region of ['Ireland', 'eu-west', 'eu-west-10', 'eu-central-west-1']) {
      const error = captureError(() => withRegions([region]));
      expect({ region, issues: error.issues }).toEqual({
        region,
        issues: [{ field: 'targets.regions.0', message: `${region} is not an AWS region such as eu-west-1` }],
      });
    }
  });

  it('reports a missing policy file and an unreadable or invalid configuration file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'guardrail-config-'));
    const missingPolicy = captureError(() =>
      parseDeployConfig({ ...exampleConfigObject(), policyFile: 'nope.yaml' }, join(dir, 'c.yaml')),
    );
    expect(missingPolicy.issues).toEqual([
      { field: 'policyFile', message: expect.stringContaining('nope.yaml') },
    ]);

    expect(captureError(() => loadDeployConfig(join(dir, 'absent.yaml'))).issues[0]!.message).toBe(
      'cannot read the file',
    );
    writeFileSync(join(dir, 'bad.yaml'), 'hub: [unclosed');
    expect(captureError(() => loadDeployConfig(join(dir, 'bad.yaml'))).issues[0]!.message).toMatch(
      /^not valid YAML/,
    );
  });

  it('defaults the sweep to every 6 hours, enabled, and checks its schedule expression', () => {
    // No concurrency given: it is derived from the organization's size (sweep-sizing.test.ts).
    expect(loadDeployConfig(EXAMPLE_CONFIG).sweep).toEqual({
      enabled: true,
      schedule: 'rate(6 hours)',
      healthCheckSchedule: 'rate(15 minutes)',
    });
    const raw = exampleConfigObject();
    for (const schedule of ['rate(1 hour)', 'rate(30 minutes)', 'cron(0 */6 * * ? *)']) {
      expect(parseDeployConfig({ ...raw, sweep: { schedule } }, EXAMPLE_CONFIG).sweep.schedule).toBe(
        schedule,
      );
    }
    for (const schedule of ['every 6 hours', 'rate(6 weeks)', 'cron(0 6 * *)', 'at(2026-01-01T00:00:00)']) {
      const error = captureError(() => parseDeployConfig({ ...raw, sweep: { schedule } }, EXAMPLE_CONFIG));
      expect({ schedule, fields: error.issues.map((issue) => issue.field) }).toEqual({
        schedule,
        fields: ['sweep.schedule'],
      });
    }
    const tooMany = captureError(() =>
      parseDeployConfig({ ...raw, sweep: { maxConcurrency: 1 } }, EXAMPLE_CONFIG),
    );
    expect(tooMany.issues.map((issue) => issue.field)).toEqual(['sweep.maxConcurrency']);
  });

  it('keeps sweep results 90 days and their access logs 365 by default, and refuses a retention that is not whole days', () => {
    const { sweepResults: _example, ...raw } = exampleConfigObject();
    expect(parseDeployConfig(raw, EXAMPLE_CONFIG).sweepResults).toEqual({
      retentionDays: 90,
      accessLogRetentionDays: 365,
    });
    expect(
      parseDeployConfig({ ...raw, sweepResults: { retentionDays: 7 } }, EXAMPLE_CONFIG).sweepResults,
    ).toEqual({ retentionDays: 7, accessLogRetentionDays: 365 });
    for (const retentionDays of [0, -1, 1.5, 3651, '90']) {
      const error = captureError(() =>
        parseDeployConfig({ ...raw, sweepResults: { retentionDays } }, EXAMPLE_CONFIG),
      );
      expect({ retentionDays, fields: error.issues.map((issue) => issue.field) }).toEqual({
        retentionDays,
        fields: ['sweepResults.retentionDays'],
      });
    }
    const both = captureError(() =>
      parseDeployConfig(
        { ...raw, sweepResults: { accessLogRetentionDays: 0, retentionDay: 30 } },
        EXAMPLE_CONFIG,
      ),
    );
    expect(both.issues.map((issue) => issue.field).sort()).toEqual([
      'sweepResults.accessLogRetentionDays',
      'sweepResults.retentionDay',
    ]);
  });

  it('refuses a reserved concurrency below what the queue poller of a function (and the planner) may start', () => {
    const raw = exampleConfigObject();
    const error = captureError(() =>
      parseDeployConfig(
        {
          ...raw,
          concurrency: { maxLambdaConcurrency: 10, reservedConcurrency: 9 },
          sweep: { maxConcurrency: 5, reservedConcurrency: 5 },
        },
        EXAMPLE_CONFIG,
      ),
    );
    expect(error.issues).toEqual([
      { field: 'concurrency.reservedConcurrency', message: expect.stringContaining('(10)') },
      { field: 'sweep.reservedConcurrency', message: expect.stringContaining('(6)') },
    ]);
    const ok = parseDeployConfig(
      {
        ...raw,
        concurrency: { maxLambdaConcurrency: 10, reservedConcurrency: 10 },
        sweep: { maxConcurrency: 5, reservedConcurrency: 6 },
      },
      EXAMPLE_CONFIG,
    );
    expect(ok.concurrency.reservedConcurrency).toBe(10);
    expect(ok.sweep.reservedConcurrency).toBe(6);
  });

  it('names the two functions guardrail-hub and guardrail-sweep by default, and refuses bad or equal names', () => {
    const raw = exampleConfigObject();
    const { hubFunction: _hub, sweepFunction: _sweep, ...names } = raw.names as Record<string, string>;
    const defaults = parseDeployConfig({ ...raw, names }, EXAMPLE_CONFIG).names;
    expect([defaults.hubFunction, defaults.sweepFunction]).toEqual(['guardrail-hub', 'guardrail-sweep']);
    const bad = captureError(() =>
      parseDeployConfig({ ...raw, names: { ...names, hubFunction: 'has space' } }, EXAMPLE_CONFIG),
    );
    expect(bad.issues.map((issue) => issue.field)).toEqual(['names.hubFunction']);
    const same = captureError(() =>
      parseDeployConfig(
        { ...raw, names: { ...names, hubFunction: 'x', sweepFunction: 'x' } },
        EXAMPLE_CONFIG,
      ),
    );
    expect(same.issues.map((issue) => issue.field)).toEqual(['names.sweepFunction']);
  });

  it('validates the policy file with the hub loader, naming the file and every bad field', () => {
    const dir = mkdtempSync(join(tmpdir(), 'guardrail-config-'));
    writeFileSync(
      join(dir, 'policies.yaml'),
      'version: 1\npolicies:\n  web:\n    ingress:\n      deny:\n        - { protocol: tcp, ports: 99999, peer: internet }\n    typo: true\n',
    );
    const error = captureError(() =>
      parseDeployConfig({ ...exampleConfigObject(), policyFile: 'policies.yaml' }, join(dir, 'c.yaml')),
    );
    expect(error.issues.every((issue) => issue.field === 'policyFile')).toBe(true);
    const messages = error.issues.map((issue) => issue.message).join('\n');
    expect(messages).toContain('policies.web.ingress.deny[0].ports');
    expect(messages).toContain('policies.web');
    expect(messages).toContain(join(dir, 'policies.yaml'));
    expect(error.issues.length).toBeGreaterThanOrEqual(2);
  });

  it('builds ARNs in the configured partition (default aws)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'guardrail-config-'));
    writeFileSync(join(dir, 'policies.yaml'), 'version: 1\npolicies: {}\n');
    const base: Record<string, unknown> = { ...exampleConfigObject(), policyFile: 'policies.yaml' };
    expect(parseDeployConfig(base, join(dir, 'c.yaml')).hub.partition).toBe('aws');
    // GovCloud regions only: a region of another partition is refused (config-regions.test.ts).
    const gov = parseDeployConfig(
      {
        ...base,
        hub: { ...(base.hub as object), region: 'us-gov-west-1', partition: 'aws-us-gov' },
        targets: { organizationalUnitIds: ['ou-abcd-11111111'], regions: ['us-gov-west-1', 'us-gov-east-1'] },
      },
      join(dir, 'c.yaml'),
    );
    expect(hubRoleArn(gov)).toMatch(/^arn:aws-us-gov:iam::\d{12}:role\//);
    const scp = JSON.stringify(buildProtectionScp(gov, []));
    expect(scp).not.toContain('arn:aws:');
    expect(scp).toContain('arn:aws-us-gov:events:*:*:rule/');
    expect(
      captureError(() =>
        parseDeployConfig(
          { ...base, hub: { ...(base.hub as object), partition: 'mars' } },
          join(dir, 'c.yaml'),
        ),
      ).issues.map((i) => i.field),
    ).toEqual(['hub.partition']);
  });

  it('accepts JSON', () => {
    const dir = mkdtempSync(join(tmpdir(), 'guardrail-config-'));
    writeFileSync(join(dir, 'policies.yaml'), 'version: 1\npolicies: {}\n');
    writeFileSync(
      join(dir, 'c.json'),
      JSON.stringify({ ...exampleConfigObject(), policyFile: 'policies.yaml' }),
    );
    expect(loadDeployConfig(join(dir, 'c.json')).policyFilePath).toBe(join(dir, 'policies.yaml'));
  });
});
