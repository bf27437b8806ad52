/** CloudFormation DescribeStacks on the sandbox, through the real @aws-sdk/client-cloudformation. */
import {
  CloudFormationClient,
  CloudFormationServiceException,
  DescribeStacksCommand,
} from '@aws-sdk/client-cloudformation';
import { SandboxError } from '../src';
import { HUB, MEMBER, organization, REGION } from './fixtures';

function setup() {
  const env = organization();
  const cfnAs = (principalArn: string, region = REGION) =>
    env.sb.attach(new CloudFormationClient(env.sb.clientConfig({ principalArn, region })));
  return { ...env, cfnAs };
}

async function failure(promise: Promise<unknown>): Promise<CloudFormationServiceException> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof CloudFormationServiceException))
    throw new Error(`expected a CloudFormation error, got ${String(error)}`);
  return error;
}

describe('CloudFormation', () => {
  it('describes a registered stack by name and by id, with its status and Outputs', async () => {
    const { sb, hubRole, cfnAs } = setup();
    const id = sb.cloudformation.putStack({
      name: 'GuardrailHub',
      account: HUB,
      region: REGION,
      outputs: { HubQueueUrl: 'https://sqs.example/q', AlertTopicArn: 'arn:aws:sns:eu-west-1:1:t' },
    });
    expect(id).toMatch(
      new RegExp(`^arn:aws:cloudformation:${REGION}:${HUB}:stack/GuardrailHub/[0-9a-f-]{36}$`),
    );
    const cfn = cfnAs(hubRole);
    for (const StackName of ['GuardrailHub', id]) {
      const { Stacks } = await cfn.send(new DescribeStacksCommand({ StackName }));
      expect(Stacks).toEqual([
        expect.objectContaining({
          StackId: id,
          StackName: 'GuardrailHub',
          StackStatus: 'CREATE_COMPLETE',
          Outputs: [
            { OutputKey: 'HubQueueUrl', OutputValue: 'https://sqs.example/q' },
            { OutputKey: 'AlertTopicArn', OutputValue: 'arn:aws:sns:eu-west-1:1:t' },
          ],
        }),
      ]);
    }
    // Registered again (an update): the same stack id, the new outputs and status.
    expect(
      sb.cloudformation.putStack({
        name: 'GuardrailHub',
        account: HUB,
        region: REGION,
        status: 'UPDATE_COMPLETE',
      }),
    ).toBe(id);
    const { Stacks: updated } = await cfn.send(new DescribeStacksCommand({ StackName: 'GuardrailHub' }));
    expect(updated?.[0]).toMatchObject({ StackStatus: 'UPDATE_COMPLETE' });
    // No Outputs member at all for a stack without outputs, as CloudFormation answers.
    expect(updated?.[0]).not.toHaveProperty('Outputs');
  });

  it("answers ValidationError for a stack of another account or region, or none, and lists only the caller's", async () => {
    const { sb, hubRole, remediationRole, cfnAs } = setup();
    sb.cloudformation.putStack({ name: 'GuardrailHub', account: HUB, region: REGION });
    sb.cloudformation.putStack({ name: 'Other', account: HUB, region: REGION });
    sb.cloudformation.putStack({ name: 'Elsewhere', account: HUB, region: 'us-east-1' });
    const cases = [
      cfnAs(remediationRole).send(new DescribeStacksCommand({ StackName: 'GuardrailHub' })),
      cfnAs(hubRole, 'us-east-1').send(new DescribeStacksCommand({ StackName: 'GuardrailHub' })),
      cfnAs(hubRole).send(new DescribeStacksCommand({ StackName: 'Nope' })),
    ];
    for (const call of cases) {
      const error = await failure(call);
      expect(error.name).toBe('ValidationError');
      expect(error.message).toMatch(/^Stack with id (GuardrailHub|Nope) does not exist$/);
      expect(error.$metadata.httpStatusCode).toBe(400);
    }
    const { Stacks } = await cfnAs(hubRole).send(new DescribeStacksCommand({}));
    expect(Stacks?.map((stack) => stack.StackName).sort()).toEqual(['GuardrailHub', 'Other']);
    expect(sb.calls.filter((call) => call.service === 'cloudformation')).toHaveLength(4);

    sb.cloudformation.deleteStack(HUB, REGION, 'Other');
    await failure(cfnAs(hubRole).send(new DescribeStacksCommand({ StackName: 'Other' })));
    expect(() => sb.cloudformation.deleteStack(HUB, REGION, 'Other')).toThrow(SandboxError);
    expect(() => sb.cloudformation.putStack({ name: 'not a name', account: MEMBER, region: REGION })).toThrow(
      SandboxError,
    );
  });
});
