/**
 * How the hub's Lambda bundle is built: esbuild's options, in one place, for the synth (through
 * bundle-hub-main.ts, see HubFunction), the bundle test (infra/test/lambda-bundle.test.ts) and the
 * bench (test/bench/cold-start.ts). The bundle is what every cold start loads, so it is kept small:
 *
 * - ES module builds of the SDK, tree-shaken; the clients' schema files rewritten so that esbuild
 *   can drop the shapes the hub never sends or reads (schemaKeysPlugin: 550 KB of EC2 shapes).
 * - Workspace packages marked `"sideEffects": false`: what the entry does not use (the YAML loader,
 *   the policy schema, full zod) is left out, not just left unused.
 * - The SDK's default credential chain reduced to what Lambda provides (lambda-credentials.ts): the
 *   environment, or a container endpoint; not SSO, shared files or instance metadata (90 KB).
 * - The source map is written beside the bundle (linked, in the asset) but not loaded at start:
 *   no `--enable-source-maps` (the bench shows what it costs at init). To read a production stack
 *   trace, set NODE_OPTIONS=--enable-source-maps on the function for a while, or map it offline.
 */
import { readFile } from 'node:fs/promises';
import { type BuildOptions, build, type Metafile, type Plugin } from 'esbuild';
import { lambdaCredentialsPlugin } from './lambda-credentials';

/** The bundle's file in the asset; its `handler` export is the Lambda handler (`index.handler`). */
export const HUB_BUNDLE_FILE = 'index.js';
export const HUB_HANDLER = 'index.handler';

/** The SDK clients' schema modules (`@aws-sdk/client-<name>/dist-es/schemas/schemas_0.js`). */
const SDK_SCHEMA_FILE = /[\\/]@aws-sdk[\\/]client-[^\\/]+[\\/]dist-es[\\/]schemas[\\/]schemas_\d+\.js$/;
const STRING_CONSTANT = /^const (_\w+) = ("[^"\\\n]*");$/gm;
const COMPUTED_KEY = /\[(_\w+)\]:/g;

/**
 * An SDK schema module with its computed keys (`{ [_xN]: "Min" }`, `_xN` a string constant of the
 * same module) written as the literal keys they are (`{ "xmlName": "Min" }`). esbuild cannot tell
 * that a computed key has no side effect, so it keeps every shape that has one, and every shape
 * those reach: for EC2 almost all of its 3,400 shapes. The values are the same; `__proto__`, which
 * means something else as a literal key, is left computed.
 */
export function literalSchemaKeys(text: string): string {
  const constants = new Map<string, string>();
  for (const [, name, value] of text.matchAll(STRING_CONSTANT)) constants.set(name!, value!);
  return text.replace(COMPUTED_KEY, (key, name: string) => {
    const value = constants.get(name);
    return value === undefined || value === '"__proto__"' ? key : `${value}:`;
  });
}

export const schemaKeysPlugin: Plugin = {
  name: 'guardrail-sdk-schema-keys',
  setup(esbuild) {
    esbuild.onLoad({ filter: SDK_SCHEMA_FILE }, async (args) => ({
      contents: literalSchemaKeys(await readFile(args.path, 'utf8')),
      loader: 'js',
    }));
  },
};

export interface HubBundleInput {
  /** The handler module (apps/hub/src/event-lambda.ts or lambda.ts). */
  entry: string;
  /** The asset directory: index.js and index.js.map are written there. */
  outdir: string;
}

/** esbuild's options for the hub bundle (CommonJS for Node.js 22, minified, linked source map). */
export function hubBuildOptions(input: HubBundleInput): BuildOptions & { metafile: true } {
  return {
    entryPoints: { index: input.entry },
    outdir: input.outdir,
    bundle: true,
    platform: 'node',
    target: 'node22',
    format: 'cjs',
    minify: true,
    sourcemap: 'linked',
    sourcesContent: false,
    // The SDK's ES module builds tree-shake; bundle the SDK the hub pins, not the runtime's copy.
    mainFields: ['module', 'main'],
    external: [],
    metafile: true,
    logLevel: 'warning',
    plugins: [schemaKeysPlugin, lambdaCredentialsPlugin],
  };
}

/** Builds the hub bundle; resolves with esbuild's metafile (what went in, by input, in bytes). */
export async function bundleHub(input: HubBundleInput): Promise<Metafile> {
  const result = await build(hubBuildOptions(input));
  return result.metafile;
}

/** The package an input file belongs to (`@aws-sdk/client-ec2`, `zod`), or its workspace folder. */
export function packageOf(input: string): string {
  const modules = input.lastIndexOf('node_modules/');
  if (modules >= 0) {
    const [scope, name] = input.slice(modules + 'node_modules/'.length).split('/');
    return scope!.startsWith('@') ? `${scope}/${name}` : scope!;
  }
  const workspace = /(?:^|\/)((?:packages|apps)\/[^/]+)\//.exec(input);
  return workspace ? workspace[1]! : input;
}

/** The bundle's bytes by package, largest first (only inputs that put bytes into the output). */
export function bytesByPackage(metafile: Metafile): { total: number; packages: [string, number][] } {
  const output = Object.values(metafile.outputs).find((out) => out.entryPoint !== undefined);
  if (!output) throw new Error('the metafile has no entry point output');
  const packages = new Map<string, number>();
  for (const [file, { bytesInOutput }] of Object.entries(output.inputs)) {
    if (bytesInOutput === 0) continue;
    const name = packageOf(file);
    packages.set(name, (packages.get(name) ?? 0) + bytesInOutput);
  }
  return { total: output.bytes, packages: [...packages].sort((a, b) => b[1] - a[1]) };
}
