import type { Context } from 'aws-lambda';
import { ConfigError, loadConfig } from '../src/config';
import { createLambdaHandler } from '../src/lambda';
import { SweepNotConfiguredError } from '../src/sweep';

const TOPIC = 'arn:aws:sns:eu-west-1:999999999999:guardrail-alerts';
const QUEUE = 'https://sqs.eu-west-1.amazonaws.com/999999999999/guardrail-events';

describe('sweep configuration', () => {
  it('sweeps the Lambda region by default', () => {
    expect(loadConfig({ GUARDRAIL_TOPIC_ARN: TOPIC, AWS_REGION: 'eu-west-1' }).sweep).toEqual({
      regions: ['eu-west-1'],
      ouIds: [],
      deadlineSeconds: 3600,
    });
  });

  it('reads the regions, the queue and the OUs, trimming and deduplicating the lists', () => {
    const config = loadConfig({
      GUARDRAIL_TOPIC_ARN: TOPIC,
      AWS_REGION: 'eu-west-1',
      GUARDRAIL_SWEEP_REGIONS: ' us-east-1, eu-west-1,,us-east-1 ',
      GUARDRAIL_QUEUE_URL: QUEUE,
      GUARDRAIL_SWEEP_OU_IDS: 'ou-ab12-34cd56ef,r-ab12',
    });
    expect(config.sweep).toEqual({
      regions: ['us-east-1', 'eu-west-1'],
      queueUrl: QUEUE,
      ouIds: ['ou-ab12-34cd56ef', 'r-ab12'],
      deadlineSeconds: 3600,
    });
  });

  it('names a wrong region, OU or queue URL', () => {
    let error: unknown;
    try {
      loadConfig({
        GUARDRAIL_TOPIC_ARN: TOPIC,
        GUARDRAIL_SWEEP_REGIONS: 'eu-west-1,Ireland',
        GUARDRAIL_SWEEP_OU_IDS: 'sales',
        GUARDRAIL_QUEUE_URL: 'not a url',
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const issues = (error as ConfigError).issues.join('\n');
    expect(issues).toContain('GUARDRAIL_SWEEP_REGIONS');
    expect(issues).toContain('GUARDRAIL_SWEEP_OU_IDS');
    expect(issues).toContain('GUARDRAIL_QUEUE_URL');
  });
});

describe('lambda entry: the sweep request', () => {
  it('routes { guardrail: "sweep" } to the planner, which refuses without a queue', async () => {
    const handler = createLambdaHandler(() => ({ GUARDRAIL_TOPIC_ARN: TOPIC, AWS_REGION: 'eu-west-1' }));
    const out = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
    const err = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      await expect(handler({ guardrail: 'sweep' }, {} as Context)).rejects.toBeInstanceOf(
        SweepNotConfiguredError,
      );
      // Everything else still goes to the event handler.
      await expect(handler({ Records: [] }, {} as Context)).resolves.toEqual({ batchItemFailures: [] });
    } finally {
      out.mockRestore();
      err.mockRestore();
    }
  });
});
