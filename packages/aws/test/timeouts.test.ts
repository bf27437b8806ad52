/**
 * A hung endpoint does not hold the hub: every client the adapters build gives up on an attempt
 * after its request timeout. Against a local server that accepts connections and never answers
 * (no timed assertion: jest's own timeout is the bound; without the option the call would hang).
 */
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DescribeSecurityGroupsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { baseClientConfig, DEFAULT_TIMEOUTS } from '../src/options';

let server: Server;
let endpoint: string;
const held: { destroy(): void }[] = [];

beforeAll(async () => {
  server = createServer((_request, response) => {
    held.push(response.socket as unknown as { destroy(): void });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  for (const socket of held) socket.destroy();
  server.close();
});

describe('client timeouts', () => {
  it('bounds every attempt by default (3 s to connect, 10 s for an answer)', () => {
    expect(DEFAULT_TIMEOUTS).toEqual({ connectionMs: 3_000, requestMs: 10_000 });
    expect(baseClientConfig({}).requestHandler).toEqual({
      connectionTimeout: 3_000,
      requestTimeout: 10_000,
      throwOnRequestTimeout: true,
    });
  });

  it('gives up on an endpoint that never answers, with a timeout error', async () => {
    const config = baseClientConfig({
      region: 'eu-west-1',
      maxAttempts: 1,
      timeouts: { requestMs: 200 },
      credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' },
    });
    const ec2 = new EC2Client({ ...config, endpoint });
    try {
      await expect(ec2.send(new DescribeSecurityGroupsCommand({}))).rejects.toMatchObject({
        name: 'TimeoutError',
      });
    } finally {
      ec2.destroy();
    }
  }, 15_000);
});
