/**
 * The Lambda reads the policies compiled at synth (GUARDRAIL_COMPILED_POLICY_FILE) and no YAML:
 * its bundle carries no YAML parser (infra/test/lambda-bundle.test.ts), so YAML given to it is
 * refused in one clear line rather than half-supported.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compiledPoliciesText, HUB_ENV, loadPolicies } from '@guardrail/core';
import { loadConfiguredPolicies } from '@guardrail/engine';
import type { Context } from 'aws-lambda';
import { ConfigError } from '../src/config';
import { createLambdaHandler, type Environment } from '../src/lambda';

const TOPIC = 'arn:aws:sns:eu-west-1:999999999999:alerts';
const YAML = 'version: 1\npolicies:\n  mine:\n    ingress:\n      deny: []\n';

async function quietly<T>(run: () => Promise<T>): Promise<T> {
  const out = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
  try {
    return await run();
  } finally {
    out.mockRestore();
  }
}

describe('lambda entry: policies', () => {
  const base: Environment = { [HUB_ENV.topicArn]: TOPIC, [HUB_ENV.region]: 'eu-west-1' };

  it('runs on the compiled policies', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'guardrail-lambda-')), 'policies.json');
    writeFileSync(file, compiledPoliciesText(loadPolicies({ text: YAML })));
    const handler = createLambdaHandler(() => ({ ...base, [HUB_ENV.compiledPolicyFile]: file }));
    await expect(quietly(() => handler({ Records: [] }, {} as Context))).resolves.toEqual({
      batchItemFailures: [],
    });
  });

  it('refuses YAML by default, and reads it with the full loader when asked', async () => {
    const env = { ...base, [HUB_ENV.policyYaml]: YAML };
    const refused = createLambdaHandler(() => env);
    await expect(refused({ Records: [] }, {} as Context)).rejects.toBeInstanceOf(ConfigError);
    await expect(refused({ Records: [] }, {} as Context)).rejects.toThrow(
      /GUARDRAIL_POLICY_YAML is YAML, which this function does not read/,
    );
    const full = createLambdaHandler(() => env, { loadPolicies: loadConfiguredPolicies });
    await expect(quietly(() => full({ Records: [] }, {} as Context))).resolves.toEqual({
      batchItemFailures: [],
    });
  });
});
