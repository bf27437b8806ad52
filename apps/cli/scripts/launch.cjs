/**
 * `pnpm guardrail ...` and `pnpm demo`: runs the built CLI (apps/cli/dist/guardrail.cjs, made by
 * `pnpm build`) when it is there and no source it is built from is newer; otherwise runs the
 * sources with tsx (2-3 s a start here, against about 0.25 s built), so a fresh clone works
 * before anything is built. When a build is there but older than a source, it says so on stderr
 * and runs the sources, rather than run code that is not the tree's.
 *
 * "Newer" is by modification time: apps/cli/src, apps/cli/package.json (the version) and every
 * packages/<name>/src, against the older of dist/guardrail.cjs and dist/cli.cjs.
 * Plain CommonJS, so that it starts without a compiler.
 */
const { spawn } = require('node:child_process');
const { existsSync, readdirSync, statSync } = require('node:fs');
const { constants } = require('node:os');
const { join } = require('node:path');

const CLI_ROOT = join(__dirname, '..');

/** The files `pnpm build` writes that the launcher runs (the first is the executable). */
const builtFiles = (cliRoot) => [join(cliRoot, 'dist', 'guardrail.cjs'), join(cliRoot, 'dist', 'cli.cjs')];

/** The newest modification time under `path` (a file or a folder), 0 when it does not exist. */
function newest(path) {
  let stat;
  try {
    stat = statSync(path);
  } catch {
    return 0;
  }
  if (!stat.isDirectory()) return stat.mtimeMs;
  let latest = stat.mtimeMs;
  for (const entry of readdirSync(path)) latest = Math.max(latest, newest(join(path, entry)));
  return latest;
}

/** What the built CLI is made from. */
function sourcesOf(cliRoot) {
  const packages = join(cliRoot, '..', '..', 'packages');
  const names = existsSync(packages) ? readdirSync(packages) : [];
  return [
    join(cliRoot, 'src'),
    join(cliRoot, 'package.json'),
    ...names.map((name) => join(packages, name, 'src')),
  ];
}

/** 'built' (up to date), 'stale' (built, but a source is newer) or 'none' (not built). */
function buildState(cliRoot = CLI_ROOT) {
  const built = builtFiles(cliRoot);
  if (!built.every((file) => existsSync(file))) return 'none';
  const builtAt = Math.min(...built.map((file) => statSync(file).mtimeMs));
  return sourcesOf(cliRoot).some((source) => newest(source) > builtAt) ? 'stale' : 'built';
}

function runSources(args) {
  const tsx = require.resolve('tsx/cli', { paths: [join(CLI_ROOT, '..', '..')] });
  const child = spawn(process.execPath, [tsx, join(CLI_ROOT, 'src', 'bin.ts'), ...args], {
    stdio: 'inherit',
  });
  // Ctrl-C reaches the child from the terminal itself; a SIGTERM sent to this process is passed on.
  process.on('SIGINT', () => {});
  process.on('SIGTERM', () => child.kill('SIGTERM'));
  child.on('exit', (code, signal) => {
    process.exitCode = code ?? 128 + (constants.signals[signal] ?? 0);
  });
}

function launch(args) {
  const state = buildState();
  if (state === 'built') {
    require(builtFiles(CLI_ROOT)[0])
      .main(args)
      .then((code) => {
        process.exitCode = code;
      });
    return;
  }
  if (state === 'stale') {
    process.stderr.write(
      'guardrail: apps/cli/dist is older than the sources: running them (`pnpm build` to refresh)\n',
    );
  }
  runSources(args);
}

if (require.main === module) launch(process.argv.slice(2));

module.exports = { buildState, builtFiles, sourcesOf };
