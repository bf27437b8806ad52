/**
 * `pnpm build`: bundles the `guardrail` command line with esbuild into apps/cli/dist, a package
 * that `pnpm pack` packs and `npm install -g` installs with nothing else to fetch:
 *
 *   guardrail.cjs             the executable (src/bin.ts): `--version` and the top-level `--help`
 *                             without loading any command; otherwise it requires
 *   cli.cjs                   every command (src/main.ts) with everything it imports: the AWS SDK,
 *                             commander, yaml, zod, the sandbox and the test kit of `demo`
 *   package.json              name, version, bin, engines, license; no dependencies (all bundled)
 *   README.md, LICENSE, THIRD_PARTY_LICENSES.txt (the licenses of the bundled npm packages)
 *
 * Nothing is read from disk at run time but what the user names (policy files, inputs): the
 * shipped policies are code (packages/core/src/policy/shipped.ts), the version and the help text
 * are written in at build time.
 *
 *   npx tsx apps/cli/scripts/build.ts [--out <dir>]      (default apps/cli/dist)
 */
import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { type BuildOptions, build, type Metafile, type Plugin } from 'esbuild';

export const CLI_ROOT = resolve(__dirname, '..');
export const REPO_ROOT = resolve(CLI_ROOT, '..', '..');
export const DEFAULT_OUT_DIR = join(CLI_ROOT, 'dist');
/** The executable (package.json `bin`), and the module it loads for a command. */
export const BIN_FILE = 'guardrail.cjs';
export const COMMANDS_FILE = 'cli.cjs';
const THIRD_PARTY_FILE = 'THIRD_PARTY_LICENSES.txt';

/** The Node.js the bundle's syntax targets: the oldest the CLI runs on (package.json `engines`). */
const TARGET = 'node20';

export class CliBuildError extends Error {
  override readonly name = 'CliBuildError';
}

export interface CliBuildOptions {
  /** Where the package is written (made if need be; emptied when it holds an earlier build). */
  outDir?: string;
}

export interface BuiltCli {
  outDir: string;
  version: string;
  /** Bytes of each file written. */
  bytes: Record<string, number>;
  /** Bytes of cli.cjs by npm package (or workspace folder), largest first, from esbuild's metafile. */
  byPackage: { name: string; bytes: number }[];
  /** The top-level help the executable prints for `--help`. */
  topHelp: string;
}

interface SourcePackage {
  name: string;
  version: string;
  description?: string;
  license?: string;
  engines?: Record<string, string>;
}

function readSourcePackage(): SourcePackage {
  const file = join(CLI_ROOT, 'package.json');
  const pkg = JSON.parse(readFileSync(file, 'utf8')) as Partial<SourcePackage>;
  if (typeof pkg.name !== 'string' || typeof pkg.version !== 'string') {
    throw new CliBuildError(`${file}: needs a name and a version`);
  }
  return pkg as SourcePackage;
}

/** Empties outDir, but only when it is new, empty or an earlier build of this package. */
function prepareOutDir(outDir: string, name: string): void {
  if (existsSync(outDir) && readdirSync(outDir).length > 0) {
    const manifest = join(outDir, 'package.json');
    const earlier = existsSync(manifest) && JSON.parse(readFileSync(manifest, 'utf8')).name === name;
    if (!earlier) throw new CliBuildError(`${outDir}: not empty and not an earlier build of ${name}`);
    rmSync(outDir, { recursive: true, force: true });
  }
  mkdirSync(outDir, { recursive: true });
}

const common = (version: string) =>
  ({
    absWorkingDir: REPO_ROOT,
    bundle: true,
    platform: 'node',
    target: TARGET,
    format: 'cjs',
    minify: true,
    // Prefer the SDK's ES module builds: esbuild tree-shakes them (as the hub's bundle does).
    mainFields: ['module', 'main'],
    metafile: true as const,
    logLevel: 'warning',
    define: { GUARDRAIL_CLI_VERSION: JSON.stringify(version) },
  }) satisfies BuildOptions;

/** In the executable, `import('./main')` is the commands file beside it, loaded at run time. */
const commandsBeside: Plugin = {
  name: 'commands-beside',
  setup(builder) {
    builder.onResolve({ filter: /^\.\/main$/ }, () => ({ path: `./${COMMANDS_FILE}`, external: true }));
  },
};

const NODE_MODULES = 'node_modules/';

/** `node_modules/.pnpm/x/node_modules/@scope/name/...` -> its package folder; undefined for workspace code. */
function packageDirOf(input: string): string | undefined {
  const at = input.lastIndexOf(NODE_MODULES);
  if (at < 0) return undefined;
  const rest = input.slice(at + NODE_MODULES.length).split('/');
  const parts = rest[0]?.startsWith('@') ? rest.slice(0, 2) : rest.slice(0, 1);
  return input.slice(0, at + NODE_MODULES.length) + parts.join('/');
}

function bytesByPackage(metafile: Metafile): { name: string; bytes: number }[] {
  const totals = new Map<string, number>();
  for (const output of Object.values(metafile.outputs)) {
    for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
      const dir = packageDirOf(input);
      // An npm package by its name; workspace code by its folder (apps/cli, packages/core...).
      const name = dir
        ? dir.slice(dir.lastIndexOf(NODE_MODULES) + NODE_MODULES.length)
        : input.split('/').slice(0, 2).join('/');
      totals.set(name, (totals.get(name) ?? 0) + bytesInOutput);
    }
  }
  return [...totals].map(([name, bytes]) => ({ name, bytes })).sort((a, b) => b.bytes - a.bytes);
}

/** The license texts of every npm package the bundle holds, one section per distinct text. */
function thirdPartyLicenses(metafile: Metafile): string {
  const dirs = new Set<string>();
  for (const output of Object.values(metafile.outputs)) {
    for (const input of Object.keys(output.inputs)) {
      const dir = packageDirOf(input);
      if (dir !== undefined) dirs.add(dir);
    }
  }
  const byText = new Map<string, string[]>();
  for (const dir of [...dirs].sort()) {
    const absolute = join(REPO_ROOT, dir);
    const pkg = JSON.parse(readFileSync(join(absolute, 'package.json'), 'utf8')) as SourcePackage;
    const licenseFile = readdirSync(absolute).find((f) => /^(licen[cs]e|copying)(\.|$)/i.test(f));
    const text = licenseFile
      ? readFileSync(join(absolute, licenseFile), 'utf8').trim()
      : `${pkg.license ?? 'UNKNOWN'} (the package ships no license file)`;
    byText.set(text, [...(byText.get(text) ?? []), `${pkg.name}@${pkg.version}`]);
  }
  const sections = [...byText].map(([text, names]) => `${names.join('\n')}\n\n${text}\n`);
  return `The guardrail CLI bundles these npm packages, under these licenses.\n\n${sections.join(`\n${'-'.repeat(72)}\n\n`)}`;
}

/** The help the full program prints for `--help`: the built commands file, run in a fresh process. */
function topHelpOf(commandsFile: string): string {
  const result = spawnSync(process.execPath, [commandsFile, '--help'], { encoding: 'utf8' });
  if (result.status !== 0 || result.stdout === '') {
    throw new CliBuildError(
      `${commandsFile} --help: exit ${result.status ?? result.signal}: ${result.stderr || result.error}`,
    );
  }
  return result.stdout;
}

export async function buildCli(options: CliBuildOptions = {}): Promise<BuiltCli> {
  const outDir = resolve(options.outDir ?? DEFAULT_OUT_DIR);
  const pkg = readSourcePackage();
  prepareOutDir(outDir, pkg.name);

  const commandsFile = join(outDir, COMMANDS_FILE);
  const commands = await build({
    ...common(pkg.version),
    entryPoints: [join(CLI_ROOT, 'src', 'main.ts')],
    outfile: commandsFile,
  });
  const topHelp = topHelpOf(commandsFile);

  const binFile = join(outDir, BIN_FILE);
  const bin = await build({
    ...common(pkg.version),
    entryPoints: [join(CLI_ROOT, 'src', 'bin.ts')],
    outfile: binFile,
    banner: { js: '#!/usr/bin/env node' },
    define: { ...common(pkg.version).define, GUARDRAIL_TOP_HELP: JSON.stringify(topHelp) },
    plugins: [commandsBeside],
  });
  // The point of the executable: it must not hold the commands (nor anything from node_modules).
  const binInputs = Object.values(bin.metafile.outputs).flatMap((output) => Object.keys(output.inputs));
  const heavy = binInputs.filter((input) => input.includes(NODE_MODULES) || input.endsWith('/main.ts'));
  if (heavy.length > 0) throw new CliBuildError(`${BIN_FILE} would bundle ${heavy.join(', ')}`);
  chmodSync(binFile, 0o755);

  writeFileSync(
    join(outDir, 'package.json'),
    `${JSON.stringify(
      {
        name: pkg.name,
        version: pkg.version,
        description: pkg.description,
        license: pkg.license,
        bin: { guardrail: BIN_FILE },
        files: [BIN_FILE, COMMANDS_FILE, THIRD_PARTY_FILE],
        engines: pkg.engines,
      },
      null,
      2,
    )}\n`,
  );
  writeFileSync(join(outDir, THIRD_PARTY_FILE), thirdPartyLicenses(commands.metafile));
  copyFileSync(join(CLI_ROOT, 'README.md'), join(outDir, 'README.md'));
  if (existsSync(join(REPO_ROOT, 'LICENSE')))
    copyFileSync(join(REPO_ROOT, 'LICENSE'), join(outDir, 'LICENSE'));

  const bytes = Object.fromEntries(
    readdirSync(outDir).map((file) => [file, statSync(join(outDir, file)).size]),
  );
  return { outDir, version: pkg.version, bytes, byPackage: bytesByPackage(commands.metafile), topHelp };
}

const kb = (n: number) => `${(n / 1024).toFixed(n < 10 * 1024 ? 1 : 0)} KB`;

async function cli(argv: string[]): Promise<void> {
  const at = argv.indexOf('--out');
  const outDir = at >= 0 ? argv[at + 1] : undefined;
  if (at >= 0 && (outDir === undefined || outDir.startsWith('-')))
    throw new CliBuildError('--out: a directory');
  const built = await buildCli({ outDir });
  const where = relative(process.cwd(), built.outDir) || '.';
  const files = [BIN_FILE, COMMANDS_FILE].map((f) => `${f} ${kb(built.bytes[f] ?? 0)}`).join(', ');
  process.stdout.write(`built ${where}: guardrail ${built.version}, ${files}; no runtime dependencies\n`);
  const top = built.byPackage.slice(0, 6).map((p) => `${p.name} ${kb(p.bytes)}`);
  process.stdout.write(`  ${COMMANDS_FILE} by package: ${top.join(', ')}, ...\n`);
  process.stdout.write(`  run it: node ${join(where, BIN_FILE)} --help; pack it: pnpm --dir ${where} pack\n`);
}

if (require.main === module) {
  cli(process.argv.slice(2)).catch((error: unknown) => {
    process.stderr.write(`build: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  });
}
