/**
 * Cruises every planted tree under ./fixtures with the repo's real .dependency-cruiser.cjs, the way
 * `depcruise` does (same options, the same tsconfig), each tree as its own base directory so its
 * paths read like the repo's (packages/core/src/...). One process for all trees: dependency-cruiser is
 * ESM-only, so jest runs this with node instead of importing it.
 *
 * Also cruises the real packages/aws/src (one level deep) to show how `@guardrail/*` specifiers
 * resolve with that configuration.
 *
 * Prints {"trees": {"<tree>": {"dependencies", "violations": [{"rule", "from", "to"}]}},
 * "workspaceImports": [{"module", "resolved"}]} on stdout.
 */
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cruise } from 'dependency-cruiser';
import extractDepcruiseOptions from 'dependency-cruiser/config-utl/extract-depcruise-options';
import extractTSConfig from 'dependency-cruiser/config-utl/extract-ts-config';

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = join(here, '..', '..');
const fixtures = join(here, 'fixtures');

const options = await extractDepcruiseOptions(join(repoRoot, '.dependency-cruiser.cjs'));
const tsConfig = extractTSConfig(options.tsConfig.fileName);

const trees = {};
for (const tree of readdirSync(fixtures).sort()) {
  const baseDir = join(fixtures, tree);
  const roots = ['packages', 'apps', 'infra', 'test'].filter((root) => existsSync(join(baseDir, root)));
  const { output } = await cruise(roots, { ...options, baseDir }, {}, { tsConfig });
  trees[tree] = {
    dependencies: output.summary.totalDependenciesCruised,
    violations: output.summary.violations.map((violation) => ({
      rule: violation.rule.name,
      from: violation.from,
      to: violation.to,
    })),
  };
}

const { output: real } = await cruise(
  ['packages/aws/src'],
  { ...options, baseDir: repoRoot, maxDepth: 1 },
  {},
  { tsConfig },
);
const workspaceImports = real.modules
  .flatMap((module) => module.dependencies)
  .filter((dependency) => dependency.module.startsWith('@guardrail/'))
  .map(({ module, resolved }) => ({ module, resolved }));

process.stdout.write(JSON.stringify({ trees, workspaceImports }));
