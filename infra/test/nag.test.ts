import { Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import { awsSolutionsFindings } from '../src/nag';
import { exampleConfig, type Synthesized, synthesize } from './support/synth';

function acknowledgements(root: IConstruct): { path: string; rule: string; reason: unknown }[] {
  return root.node.findAll().flatMap((construct) =>
    construct.node.metadata
      .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((entry) =>
        Object.entries(entry.data as Record<string, unknown>).map(([rule, reason]) => ({
          path: construct.node.path,
          rule,
          reason,
        })),
      ),
  );
}

describe('cdk-nag AwsSolutions', () => {
  let s: Synthesized;
  let withFlags: Synthesized;
  beforeAll(() => {
    s = synthesize();
    withFlags = synthesize(
      exampleConfig({
        organizationsRead: { managementAccountId: '999999999999' },
        scp: { exemptPrincipalArns: ['arn:aws:iam::*:role/break-glass'] },
      }),
    );
  });

  it('has no unacknowledged finding, in the hub and in the member template', () => {
    expect(awsSolutionsFindings(s.app)).toEqual([]);
    expect(awsSolutionsFindings(s.stacks.memberStage)).toEqual([]);
  });

  it('has no unacknowledged finding with the optional organization stack', () => {
    expect(withFlags.stacks.orgAccess).toBeDefined();
    expect(awsSolutionsFindings(withFlags.app)).toEqual([]);
  });

  it('gives every acknowledgement a reason', () => {
    const all = acknowledgements(s.app);
    expect(all.length).toBeGreaterThan(0);
    for (const { path, rule, reason } of all) {
      const text = typeof reason === 'string' ? reason : JSON.stringify(reason ?? '');
      expect({ path, rule, hasReason: text.trim().length >= 20 }).toEqual({ path, rule, hasReason: true });
    }
  });
});
