import type { Context } from 'aws-lambda';
import { ConfigError } from '../src/config';
import { createEventLambdaHandler } from '../src/event-lambda';
import { createLambdaHandler, type Environment } from '../src/lambda';

describe.each([
  ['the sweep function (lambda.ts)', createLambdaHandler],
  ['the live-event function (event-lambda.ts)', createEventLambdaHandler],
])('lambda entry: %s', (_, createLambdaHandler) => {
  it('reads nothing when created, fails the invocation on a bad environment, and tries again next time', async () => {
    const env: Environment = {};
    let reads = 0;
    const handler = createLambdaHandler(() => {
      reads++;
      return env;
    });
    expect(reads).toBe(0);
    const context = {} as Context;
    await expect(handler({ Records: [] }, context)).rejects.toBeInstanceOf(ConfigError);
    // The failed build is not cached: once the environment is right, the next invocation builds.
    env.GUARDRAIL_TOPIC_ARN = 'arn:aws:sns:eu-west-1:999999999999:alerts';
    env.AWS_REGION = 'eu-west-1';
    const out = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
    try {
      await expect(handler({ Records: [] }, context)).resolves.toEqual({ batchItemFailures: [] });
      // Built once, then reused while warm.
      await expect(handler({ Records: [] }, context)).resolves.toEqual({ batchItemFailures: [] });
    } finally {
      out.mockRestore();
    }
    expect(reads).toBe(2);
  });
});
