/**
 * The hub's Lambda bundle, built exactly as the synth builds it (hub-bundle.ts's options), read
 * through esbuild's metafile: what every cold start loads. No YAML parser, no full zod, no policy
 * schema; the SDK's unused shapes left out; under the size budget (issue 11: 900 KB).
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { build, type Metafile } from 'esbuild';
import { bytesByPackage, hubBuildOptions, literalSchemaKeys, packageOf } from '../src/hub/hub-bundle';
import { EVENT_HUB_ENTRY, HUB_ENTRY } from '../src/paths';

const BUDGET_BYTES = 900 * 1024;

/** The inputs that put bytes into the bundle, as repository-relative paths. */
function bundled(metafile: Metafile): string[] {
  const output = Object.values(metafile.outputs).find((out) => out.entryPoint !== undefined)!;
  return Object.entries(output.inputs)
    .filter(([, input]) => input.bytesInOutput > 0)
    .map(([file]) => file);
}

const zodPart = (file: string) => /node_modules\/zod\/(.*)$/.exec(file)?.[1];

const outdirs: string[] = [];
function newOutdir(): string {
  const outdir = mkdtempSync(join(tmpdir(), 'guardrail-bundle-'));
  outdirs.push(outdir);
  return outdir;
}
afterAll(() => {
  for (const dir of outdirs) rmSync(dir, { recursive: true, force: true });
});

async function bundle(
  entry: { file: string } | { contents: string },
  outdir = newOutdir(),
): Promise<Metafile> {
  const options = hubBuildOptions({ entry: 'file' in entry ? entry.file : HUB_ENTRY, outdir });
  if ('file' in entry) return (await build(options)).metafile;
  const { entryPoints: _entry, ...rest } = options;
  const result = await build({
    ...rest,
    stdin: { contents: entry.contents, resolveDir: dirname(HUB_ENTRY), loader: 'ts', sourcefile: 'entry.ts' },
    outfile: join(outdir, 'index.js'),
    outdir: undefined,
  });
  return result.metafile;
}

let lambda: Metafile;
let eventLambda: Metafile;
beforeAll(async () => {
  [lambda, eventLambda] = await Promise.all([bundle({ file: HUB_ENTRY }), bundle({ file: EVENT_HUB_ENTRY })]);
}, 60_000);

describe("the live-event function's bundle (apps/hub/src/event-lambda.ts)", () => {
  /** What only the sweep uses: the results bucket, the members' forwarding check, the planner. */
  const SWEEP_ONLY_PACKAGES = ['@aws-sdk/client-s3', '@aws-sdk/client-eventbridge', '@aws-sdk/checksums'];
  const SWEEP_ONLY_MODULES =
    /packages\/engine\/src\/(sweep\/(plan|aws)|forwarding\/health|compose\/sweep-parts)\.ts$|packages\/aws\/src\/(s3\/|events\/forwarding-reader)/;

  it('carries neither the S3 nor the EventBridge SDK, nor the sweep planner, results or forwarding check', () => {
    const inputs = bundled(eventLambda);
    const packages = new Set(inputs.map(packageOf));
    for (const left of SWEEP_ONLY_PACKAGES)
      expect({ left, bundled: packages.has(left) }).toEqual({ left, bundled: false });
    expect(inputs.filter((file) => SWEEP_ONLY_MODULES.test(file))).toEqual([]);
    // What it needs is there: EC2 to read and revoke, STS, Organizations, SNS, SQS (dead letters), the table.
    for (const kept of [
      '@aws-sdk/client-ec2',
      '@aws-sdk/client-sts',
      '@aws-sdk/client-organizations',
      '@aws-sdk/client-sns',
      '@aws-sdk/client-sqs',
      '@aws-sdk/client-dynamodb',
    ])
      expect({ kept, bundled: packages.has(kept) }).toEqual({ kept, bundled: true });
  });

  it("is smaller than the sweep function's, whose bundle has them (the check can fail)", () => {
    const sweep = bundled(lambda);
    const packages = new Set(sweep.map(packageOf));
    for (const name of SWEEP_ONLY_PACKAGES)
      expect({ name, bundled: packages.has(name) }).toEqual({ name, bundled: true });
    expect(sweep.some((file) => SWEEP_ONLY_MODULES.test(file))).toBe(true);
    const live = bytesByPackage(eventLambda).total;
    expect(live).toBeLessThan(bytesByPackage(lambda).total - 100 * 1024);
    expect(live).toBeLessThan(BUDGET_BYTES);
  });

  it('has no YAML parser and no full zod either', () => {
    const inputs = bundled(eventLambda);
    expect(inputs.filter((file) => packageOf(file) === 'yaml')).toEqual([]);
    expect(
      inputs.map(zodPart).filter((part) => part !== undefined && !/^(v4\/mini|v4\/core)\//.test(part)),
    ).toEqual([]);
  });
});

describe('the Lambda bundle (apps/hub/src/lambda.ts, built with the infra options)', () => {
  it('has no YAML parser and no full zod: only zod/mini and the core it runs on', () => {
    const inputs = bundled(lambda);
    expect(inputs.filter((file) => packageOf(file) === 'yaml')).toEqual([]);
    const zod = inputs.map(zodPart).filter((part) => part !== undefined);
    expect(zod.length).toBeGreaterThan(0);
    expect(zod.filter((part) => !/^(v4\/mini|v4\/core)\//.test(part))).toEqual([]);
  });

  it('leaves out the policy schema, the YAML loader and every JSON Schema document', () => {
    const ours = bundled(lambda).filter((file) => file.includes('packages/core/src/'));
    expect(ours.length).toBeGreaterThan(0);
    const left = ours.filter((file) =>
      /policy\/(schema|load|load-policies|json-schema)\.ts$|schema\.ts$|json-schema\.ts$/.test(file),
    );
    expect(left).toEqual([]);
  });

  it('keeps only the SDK shapes the hub uses, and stays under the budget', () => {
    const { total, packages } = bytesByPackage(lambda);
    const bytesOf = (name: string) => packages.find(([pkg]) => pkg === name)?.[1] ?? 0;
    // All of EC2's shapes are about 550 KB; the hub's few operations need a small part of them.
    expect(bytesOf('@aws-sdk/client-ec2')).toBeGreaterThan(0);
    expect(bytesOf('@aws-sdk/client-ec2')).toBeLessThan(60 * 1024);
    expect(total).toBeLessThan(BUDGET_BYTES);
  });

  it('would show a YAML import on the Lambda path (the check can fail)', async () => {
    const withYaml = await bundle({
      contents: "export * from './lambda';\nexport { loadConfiguredPolicies } from '@guardrail/engine';\n",
    });
    const inputs = bundled(withYaml);
    expect(inputs.some((file) => packageOf(file) === 'yaml')).toBe(true);
    expect(inputs.some((file) => zodPart(file)?.startsWith('v4/classic/'))).toBe(true);
  }, 60_000);
});

describe("the Lambda bundle's default credentials (lambda-credentials.ts)", () => {
  it("leaves out the chain's sources Lambda never has: SSO, shared files, processes, web identity, instance metadata", () => {
    const packages = new Set(bundled(lambda).map(packageOf));
    for (const left of [
      '@aws-sdk/nested-clients',
      '@aws-sdk/credential-provider-sso',
      '@aws-sdk/credential-provider-ini',
      '@aws-sdk/credential-provider-process',
      '@aws-sdk/credential-provider-web-identity',
      '@aws-sdk/token-providers',
      '@smithy/credential-provider-imds',
    ]) {
      expect({ left, bundled: packages.has(left) }).toEqual({ left, bundled: false });
    }
    expect(packages.has('@aws-sdk/credential-provider-env')).toBe(true);
    expect(packages.has('@aws-sdk/credential-provider-http')).toBe(true);
  });

  describe('a client in a bundle built with the same options', () => {
    let outdir: string;
    beforeAll(async () => {
      outdir = newOutdir();
      await bundle(
        {
          contents: [
            "import { STSClient } from '@aws-sdk/client-sts';",
            "new STSClient({ region: 'eu-west-1' }).config.credentials().then(",
            '  (c) => process.stdout.write(JSON.stringify({ id: c.accessKeyId, token: c.sessionToken })),',
            '  (e) => { process.stdout.write(JSON.stringify({ error: e.name, message: e.message })); },',
            ');',
          ].join('\n'),
        },
        outdir,
      );
    }, 60_000);

    // Only what Lambda would set, so nothing on this machine (a profile, ~/.aws) leaks in.
    const run = (env: Record<string, string>) => {
      const child = spawnSync(process.execPath, [join(outdir, 'index.js')], {
        env: { PATH: process.env.PATH ?? '', HOME: outdir, ...env },
        encoding: 'utf8',
      });
      return JSON.parse(child.stdout) as Record<string, string>;
    };

    it("reads the execution role's credentials from the environment, as Lambda sets them", () => {
      expect(
        run({ AWS_ACCESS_KEY_ID: 'ASIAENV', AWS_SECRET_ACCESS_KEY: 'secret', AWS_SESSION_TOKEN: 'token' }),
      ).toEqual({ id: 'ASIAENV', token: 'token' });
    });

    it('reads them from the container endpoint when a runtime serves them that way', async () => {
      const server = createServer((_request, response) => {
        response.setHeader('content-type', 'application/json');
        response.end(
          JSON.stringify({
            AccessKeyId: 'ASIAHTTP',
            SecretAccessKey: 'secret',
            Token: 'http-token',
            Expiration: new Date(Date.now() + 3_600_000).toISOString(),
          }),
        );
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const { port } = server.address() as AddressInfo;
      try {
        const child = await new Promise<string>((resolve) => {
          let out = '';
          const proc = spawn(process.execPath, [join(outdir, 'index.js')], {
            env: {
              PATH: process.env.PATH ?? '',
              HOME: outdir,
              AWS_CONTAINER_CREDENTIALS_FULL_URI: `http://127.0.0.1:${port}/creds`,
            },
          });
          proc.stdout.on('data', (chunk: Buffer) => {
            out += chunk.toString();
          });
          proc.on('close', () => resolve(out));
        });
        expect(JSON.parse(child)).toEqual({ id: 'ASIAHTTP', token: 'http-token' });
      } finally {
        server.close();
      }
    });

    it('says what is missing when the environment has neither', () => {
      const result = run({});
      expect(result.error).toBe('CredentialsProviderError');
      expect(result.message).toContain('AWS_ACCESS_KEY_ID');
      expect(result.message).toContain('AWS_CONTAINER_CREDENTIALS_FULL_URI');
    });
  });
});

describe('literalSchemaKeys', () => {
  it('writes computed keys of string constants as literal keys, and nothing else', () => {
    const source = [
      'const _xN = "xmlName";',
      'const _p = "__proto__";',
      'export var A$ = [3, n0, _xN, 0, [_xN], [[1, { [_xN]: `Min`, [_p]: 1, [other]: 2 }]]];',
    ].join('\n');
    expect(literalSchemaKeys(source)).toBe(
      [
        'const _xN = "xmlName";',
        'const _p = "__proto__";',
        'export var A$ = [3, n0, _xN, 0, [_xN], [[1, { "xmlName": `Min`, [_p]: 1, [other]: 2 }]]];',
      ].join('\n'),
    );
  });
});

describe('packageOf', () => {
  it('names npm packages (scoped or not, pnpm layout) and workspace folders', () => {
    expect(
      packageOf('node_modules/.pnpm/@aws-sdk+client-ec2@3.1/node_modules/@aws-sdk/client-ec2/dist-es/x.js'),
    ).toBe('@aws-sdk/client-ec2');
    expect(packageOf('node_modules/.pnpm/zod@4/node_modules/zod/v4/mini/schemas.js')).toBe('zod');
    expect(packageOf('packages/core/src/policy/compiled.ts')).toBe('packages/core');
    expect(packageOf('../../apps/hub/src/lambda.ts')).toBe('apps/hub');
    expect(packageOf('<stdin>')).toBe('<stdin>');
  });
});
