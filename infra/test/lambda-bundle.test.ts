/**
 * The hub's Lambda bundle, built exactly as the synth builds it (hub-bundle.ts's options), read
 * through esbuild's metafile: what every cold start loads. No YAML parser, no full zod, no policy
 * schema; the SDK's unused shapes left out; under the size budget (issue 11: 900 KB).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { build, type Metafile } from 'esbuild';
import { bytesByPackage, hubBuildOptions, literalSchemaKeys, packageOf } from '../src/hub/hub-bundle';
import { HUB_ENTRY } from '../src/paths';

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
afterAll(() => {
  for (const dir of outdirs) rmSync(dir, { recursive: true, force: true });
});

async function bundle(entry: { file: string } | { contents: string }): Promise<Metafile> {
  const outdir = mkdtempSync(join(tmpdir(), 'guardrail-bundle-'));
  outdirs.push(outdir);
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
beforeAll(async () => {
  lambda = await bundle({ file: HUB_ENTRY });
}, 60_000);

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
