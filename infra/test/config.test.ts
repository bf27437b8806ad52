import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DeployConfigError } from '../src/config/errors';
import { loadDeployConfig, parseDeployConfig } from '../src/config/load';
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
    expect(config.hub).toEqual({ account: '111111111111', region: 'eu-west-1', callAs: 'DELEGATED_ADMIN' });
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
      '',
      'alerts.subscriptions.https.0',
      'hub.account',
      'organizationId',
    ]);
    expect(error.message).toContain('/etc/guardrail.yaml');
    expect(error.message).toContain('hub.account: must be a 12-digit AWS account id');
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
