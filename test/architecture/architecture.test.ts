import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The architecture rules (.dependency-cruiser.cjs, run by `pnpm lint`) against planted trees under
 * ./fixtures that mirror the repo's layout: each violating tree reports exactly its rule(s), each
 * allowed tree reports nothing.
 */

const REPO_ROOT = join(__dirname, '..', '..');
const FIXTURES = join(__dirname, 'fixtures');
const DEPCRUISE = join(REPO_ROOT, 'node_modules', 'dependency-cruiser', 'bin', 'dependency-cruise.mjs');
const CONFIG = join(REPO_ROOT, '.dependency-cruiser.cjs');

interface Violation {
  rule: string;
  from: string;
  to: string;
}
interface Report {
  trees: Record<string, { dependencies: number; violations: Violation[] }>;
  workspaceImports: { module: string; resolved: string }[];
}

/** Where the planted trees resolve `@aws-sdk/client-ec2` (the pnpm store, through test/node_modules). */
const EC2_SDK = expect.stringMatching(/(^|\/)node_modules\/@aws-sdk\/client-ec2\//);

const EXPECTED: Record<string, Violation[]> = {
  'core-imports-sdk': [{ rule: 'core-no-sdk', from: 'packages/core/src/index.ts', to: EC2_SDK }],
  'core-imports-workspace': [
    { rule: 'core-no-workspace', from: 'packages/core/src/index.ts', to: 'packages/aws/src/index.ts' },
  ],
  'aws-imports-engine': [
    { rule: 'aws-only-core', from: 'packages/aws/src/index.ts', to: 'packages/engine/src/index.ts' },
  ],
  // An engine -> app import breaks both the engine's layering and the apps' isolation.
  'engine-imports-app': [
    { rule: 'engine-only-aws-core', from: 'packages/engine/src/index.ts', to: 'apps/hub/src/handler.ts' },
    { rule: 'no-app-import', from: 'packages/engine/src/index.ts', to: 'apps/hub/src/handler.ts' },
  ],
  'infra-imports-app': [
    { rule: 'no-app-import', from: 'infra/src/hub-function.ts', to: 'apps/hub/src/lambda.ts' },
  ],
  'test-imports-app': [{ rule: 'no-app-import', from: 'test/bench/world.ts', to: 'apps/hub/src/index.ts' }],
  'app-imports-other-app': [
    { rule: 'no-other-app-import', from: 'apps/cli/src/main.ts', to: 'apps/hub/src/index.ts' },
  ],
  // A type-only import of the sandbox from production code still counts.
  'sandbox-from-production': [
    { rule: 'sandbox-only-from-tests', from: 'apps/hub/src/compose.ts', to: 'packages/sandbox/src/index.ts' },
  ],
  'testkit-from-production': [
    { rule: 'testkit-only-from-tests', from: 'infra/src/app.ts', to: 'packages/testkit/src/index.ts' },
  ],
  // hub.ts <-> sweep/batch.ts through `import type` only: still a cycle (tsPreCompilationDeps).
  'cycle-type-only': [
    { rule: 'no-circular', from: 'packages/engine/src/hub.ts', to: 'packages/engine/src/sweep/batch.ts' },
  ],
  'dev-dep-from-production': [{ rule: 'not-to-dev-dep', from: 'packages/engine/src/index.ts', to: EC2_SDK }],
  'undeclared-from-production': [
    { rule: 'no-non-package-json', from: 'packages/engine/src/index.ts', to: EC2_SDK },
  ],
  unresolvable: [{ rule: 'not-to-unresolvable', from: 'packages/engine/src/index.ts', to: './missing' }],
  // Every permitted edge: aws -> core, engine -> aws/core/SDK, testkit -> sandbox, apps -> engine,
  // app tests -> own src, the CLI demo -> sandbox/testkit, infra -> engine (and the hub entry as a
  // path string), package/app/infra tests, test/bench and test/setup -> sandbox/testkit.
  allowed: [],
  'sandbox-from-test': [],
};

function run(file: string, args: string[], cwd: string): Promise<{ code: number; stdout: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [file, ...args], { cwd }, (error, stdout) =>
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout }),
    );
  });
}

let report: Report;
/** The CLI exactly as `pnpm run arch` runs it, over one violating tree. */
let cli: { code: number; stdout: string };

beforeAll(async () => {
  const [fixtures, lint] = await Promise.all([
    run(join(__dirname, 'cruise-fixtures.mjs'), [], REPO_ROOT),
    run(
      DEPCRUISE,
      ['--config', CONFIG, '--output-type', 'err-long', 'packages'],
      join(FIXTURES, 'aws-imports-engine'),
    ),
  ]);
  expect(fixtures.code).toBe(0);
  report = JSON.parse(fixtures.stdout) as Report;
  cli = lint;
}, 30_000);

describe('architecture rules (.dependency-cruiser.cjs)', () => {
  it('has an expectation for every planted tree', () => {
    expect(Object.keys(report.trees).sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  it.each(Object.entries(EXPECTED))('%s reports exactly its expected violations', (tree, expected) => {
    const sortByRule = (violations: Violation[]) =>
      [...violations].sort((a, b) => a.rule.localeCompare(b.rule));
    expect(sortByRule(report.trees[tree]!.violations)).toEqual(sortByRule(expected));
  });

  it('cruises every edge of the allowed tree (nothing silently skipped)', () => {
    expect(report.trees.allowed!.dependencies).toBe(27);
  });

  it('resolves @guardrail/* imports to the packages’ src files', () => {
    expect(report.workspaceImports.length).toBeGreaterThan(0);
    for (const { module, resolved } of report.workspaceImports) {
      expect(resolved).toBe(`packages/${module.slice('@guardrail/'.length)}/src/index.ts`);
    }
  });
});

describe('pnpm lint', () => {
  it('runs biome then the architecture cruise over packages, apps, infra and test', () => {
    const { scripts } = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
    };
    expect(scripts.lint).toBe('biome check . && pnpm run arch');
    expect(scripts.arch).toBe(
      'depcruise --config .dependency-cruiser.cjs --output-type err-long packages apps infra test',
    );
  });

  it('fails on a violation, naming the rule and both files', () => {
    expect(cli.code).not.toBe(0);
    expect(cli.stdout).toContain(
      'error aws-only-core: packages/aws/src/index.ts → packages/engine/src/index.ts',
    );
  });
});
