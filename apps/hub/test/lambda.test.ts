import type { Context } from 'aws-lambda';
import { ConfigError } from '../src/config';

describe('lambda entry', () => {
  const saved = { GUARDRAIL_TOPIC_ARN: process.env.GUARDRAIL_TOPIC_ARN, AWS_REGION: process.env.AWS_REGION };
  afterEach(() => {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  });

  it('reads nothing at import, fails the invocation on a bad environment, and tries again next time', async () => {
    delete process.env.GUARDRAIL_TOPIC_ARN;
    const { handler } = await import('../src/lambda');
    const context = {} as Context;
    await expect(handler({ Records: [] }, context)).rejects.toBeInstanceOf(ConfigError);
    // The failed build is not cached: once the environment is right, the next invocation builds.
    process.env.GUARDRAIL_TOPIC_ARN = 'arn:aws:sns:eu-west-1:999999999999:alerts';
    process.env.AWS_REGION = 'eu-west-1';
    const out = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
    try {
      await expect(handler({ Records: [] }, context)).resolves.toEqual({ batchItemFailures: [] });
    } finally {
      out.mockRestore();
    }
  });
});
