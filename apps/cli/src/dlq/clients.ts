/**
 * The queues a dlq command touches (@guardrail/aws SqsQueue). A queue URL names its region, and a
 * request signed for another region is refused, so each queue gets a client of its own region:
 * --region when given, else the one in the URL, else the SDK's standard resolution (AWS_REGION,
 * the profile). Endpoints are the SDK's too (AWS_ENDPOINT_URL), through @guardrail/aws createClients.
 */
import type { SQSClient } from '@aws-sdk/client-sqs';
import { createClients, SqsQueue } from '@guardrail/aws';
import { type AwsOverrides, awsOptionsFor } from '@guardrail/engine';

/** `https://sqs.<region>.amazonaws.com/...` or the legacy `https://<region>.queue.amazonaws.com/...`. */
export function regionOfQueueUrl(url: string): string | undefined {
  const match = url.match(
    /^https?:\/\/(?:sqs\.([a-z0-9-]+)\.amazonaws\.com|([a-z0-9-]+)\.queue\.amazonaws\.com)(?:\.cn)?\//,
  );
  return match?.[1] ?? match?.[2];
}

export class QueueClients {
  private readonly byRegion = new Map<string, SQSClient>();

  constructor(
    private readonly aws: AwsOverrides = {},
    private readonly region?: string,
  ) {}

  /** The queue at this URL, on the client of its region. */
  queue(queueUrl: string): SqsQueue {
    return new SqsQueue(this.clientFor(queueUrl), queueUrl);
  }

  private clientFor(queueUrl: string): SQSClient {
    const region = this.region ?? regionOfQueueUrl(queueUrl);
    const key = region ?? '';
    let client = this.byRegion.get(key);
    if (!client) {
      client = createClients(awsOptionsFor({ region }, this.aws)).sqs();
      this.byRegion.set(key, client);
    }
    return client;
  }

  destroy(): void {
    for (const client of this.byRegion.values()) client.destroy();
    this.byRegion.clear();
  }
}
