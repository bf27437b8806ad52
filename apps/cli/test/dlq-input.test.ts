/**
 * `guardrail dlq` input: every bad option exits 2 and names the option, before any AWS call.
 */
import { regionOfQueueUrl } from '../src/dlq/clients';
import { run } from '../src/main';
import { capture } from './support/org';

const DLQ = 'https://sqs.eu-west-1.amazonaws.com/222233334444/guardrail-events-dlq';
const QUEUE = 'https://sqs.eu-west-1.amazonaws.com/222233334444/guardrail-events';

describe('guardrail dlq: input', () => {
  it.each([
    [['list'], '--queue-url'],
    [['list', '--queue-url', 'guardrail-events-dlq'], '--queue-url'],
    [['list', '--queue-url', DLQ, '--max', '0'], '--max'],
    [['list', '--queue-url', DLQ, '--max', 'ten'], '--max'],
    [['list', '--queue-url', DLQ, '--format', 'yaml'], '--format'],
    [['list', '--queue-url', DLQ, '--region', 'Ireland'], '--region'],
    [['replay', '--to', QUEUE], '--from'],
    [['replay', '--from', DLQ], '--to'],
    [['replay', '--from', 'dlq', '--to', QUEUE], '--from'],
    [['replay', '--from', DLQ, '--to', 'ftp://queue'], '--to'],
    [['replay', '--from', DLQ, '--to', DLQ], '--to'],
    [['replay', '--from', DLQ, '--to', QUEUE, '--max', '-3'], '--max'],
    [['replay', '--from', DLQ, '--to', QUEUE, '--max', '100001'], '--max'],
    [['replay', '--from', DLQ, '--to', QUEUE, '--reason', 'not a code'], '--reason'],
  ])('dlq %j exits 2 naming %s', async (args, named) => {
    const { io, out } = capture();
    expect(await run(['dlq', ...args], io)).toBe(2);
    expect(out.stderr).toContain(named);
    expect(out.stdout).toBe('');
  });

  it('lists both commands in its help', async () => {
    const { io, out } = capture();
    expect(await run(['dlq', '--help'], io)).toBe(0);
    expect(out.stdout).toMatch(/list \[options\]/);
    expect(out.stdout).toMatch(/replay \[options\]/);
  });
});

describe('regionOfQueueUrl', () => {
  it.each([
    [DLQ, 'eu-west-1'],
    ['https://us-east-2.queue.amazonaws.com/111122223333/q', 'us-east-2'],
    ['http://localhost:4566/000000000000/q', undefined],
  ])('%s -> %s', (url, region) => {
    expect(regionOfQueueUrl(url)).toBe(region);
  });
});
