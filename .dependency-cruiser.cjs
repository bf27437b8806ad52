/**
 * Guardrail's architecture rules, enforced by `pnpm lint` (dependency-cruiser).
 *
 * Paths are relative to the directory cruised from (the repo root in `pnpm lint`, a planted
 * fixture tree in test/architecture). Workspace packages resolve through their node_modules
 * symlinks to their real src files (packages/<name>/src/index.ts), so every rule speaks in
 * folder terms: production code is packages/<name>/src, apps/<name>/src and infra/src; test code
 * is packages/<name>/test, apps/<name>/test, infra/test and the root test/ (setup, bench, architecture).
 */
const path = require('node:path');

/**
 * Test code: a workspace's test/ folder (packages/<name>/test, apps/<name>/test, infra/test) and the
 * root test/ workspace (test/setup, test/bench, test/architecture). A test/ folder inside a src/ stays production.
 */
const TEST_CODE = ['^(packages|apps)/[^/]+/test/', '^infra/test/', '^test/'];
/** The CLI's demo runs the in-memory organization on purpose. */
const DEMO = '^apps/cli/src/demo/';
/** Workspace code (as opposed to npm packages and node core modules). */
const WORKSPACE = '^(packages|apps|infra|test)/';
/** The AWS SDK, smithy and the CDK, whether resolved (node_modules/...) or not (the bare name). */
const SDK = [
  '(^|/)node_modules/(@aws-sdk|@smithy)/',
  '^(@aws-sdk|@smithy)/',
  '(^|/)node_modules/aws-cdk-lib/',
  '^aws-cdk-lib(/|$)',
];
const PRODUCTION = '^(packages/[^/]+/src|apps/[^/]+/src|infra/src)/';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'core-no-sdk',
      comment: 'packages/core is the pure domain: no AWS SDK, smithy or CDK import.',
      severity: 'error',
      from: { path: '^packages/core/src/' },
      to: { path: SDK },
    },
    {
      name: 'core-no-workspace',
      comment:
        'packages/core imports no other workspace package or folder (only its own src and npm packages).',
      severity: 'error',
      from: { path: '^packages/core/src/' },
      to: { path: WORKSPACE, pathNot: '^packages/core/src/' },
    },
    {
      name: 'aws-only-core',
      comment:
        'packages/aws (the SDK adapters) imports only core among workspace code: not engine, sandbox, testkit, apps or infra.',
      severity: 'error',
      from: { path: '^packages/aws/src/' },
      to: { path: WORKSPACE, pathNot: '^packages/(aws|core)/src/' },
    },
    {
      name: 'engine-only-aws-core',
      comment:
        'packages/engine imports only aws and core among workspace code: not sandbox, testkit, apps or infra.',
      severity: 'error',
      from: { path: '^packages/engine/src/' },
      to: { path: WORKSPACE, pathNot: '^packages/(engine|aws|core)/src/' },
    },
    {
      name: 'no-app-import',
      comment:
        'An app (apps/<name>/src) is imported by nothing outside apps/: packages, infra and test/ must not ' +
        'depend on it. infra refers to apps/hub/src/lambda.ts only as a path string handed to esbuild ' +
        '(infra/src/paths.ts HUB_ENTRY), which is not an import, so it needs no exception.',
      severity: 'error',
      from: { pathNot: '^apps/' },
      to: { path: '^apps/[^/]+/src/' },
    },
    {
      name: 'no-other-app-import',
      comment:
        "An app's src is imported only from that same app (its own src and tests), never from another app.",
      severity: 'error',
      from: { path: '^apps/([^/]+)/' },
      to: { path: '^apps/[^/]+/src/', pathNot: '^apps/$1/' },
    },
    {
      name: 'sandbox-only-from-tests',
      comment:
        'packages/sandbox (the in-memory AWS organization) is for tests, the CLI demo (apps/cli/src/demo), ' +
        'the bench (test/bench) and the testkit: production code must not import it.',
      severity: 'error',
      from: { pathNot: [...TEST_CODE, DEMO, '^packages/(sandbox|testkit)/src/'] },
      to: { path: '^packages/sandbox/' },
    },
    {
      name: 'testkit-only-from-tests',
      comment:
        'packages/testkit (the shared test kit) is for tests, the CLI demo (apps/cli/src/demo) and the bench ' +
        '(test/bench): production code must not import it.',
      severity: 'error',
      from: { pathNot: [...TEST_CODE, DEMO, '^packages/testkit/src/'] },
      to: { path: '^packages/testkit/' },
    },
    {
      name: 'no-circular',
      comment:
        'No import cycle anywhere, type-only imports included: break it with a port or a shared module.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'not-to-dev-dep',
      comment:
        "Production src must not import a package listed only in its package.json's devDependencies " +
        '(it is absent from the deployed bundle or installed app). Workspace packages resolve outside ' +
        'node_modules (dependency type "undetermined"), so this covers npm packages; the sandbox and ' +
        'testkit devDependencies are covered by the two rules above.',
      severity: 'error',
      from: { path: PRODUCTION },
      to: {
        dependencyTypes: ['npm-dev'],
        dependencyTypesNot: ['type-only'],
        pathNot: 'node_modules/@types/',
      },
    },
    {
      name: 'no-non-package-json',
      comment:
        "Production src imports only npm packages its own package.json declares (pnpm's root hoisting " +
        'can make an undeclared one resolve locally and then vanish from the deployed bundle).',
      severity: 'error',
      from: { path: PRODUCTION },
      to: { dependencyTypes: ['npm-no-pkg', 'npm-unknown'] },
    },
    {
      name: 'not-to-unresolvable',
      comment:
        'Every import resolves (a missing file, a typo, or a package not declared in its package.json).',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    // node_modules is not followed (the npm modules stay in the graph as leaves, so the SDK rule sees
    // them); excluding it would drop the dependencies on it too.
    doNotFollow: { path: ['(^|/)node_modules/'] },
    exclude: {
      path: [
        '(^|/)cdk\\.out/',
        '(^|/)coverage/',
        '(^|/)\\.cache/',
        // A built CLI (`pnpm build`); node_modules/<pkg>/dist stays (those are real dependencies).
        '^(apps|packages)/[^/]+/dist/',
        '^infra/dist/',
        '^test/architecture/fixtures/',
      ],
    },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: path.join(__dirname, 'tsconfig.base.json') },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['types', 'import', 'require', 'node', 'default'],
      extensions: ['.ts', '.d.ts', '.js', '.mjs', '.cjs', '.json'],
      mainFields: ['types', 'typings', 'module', 'main'],
    },
    skipAnalysisNotInRules: true,
    reporterOptions: {
      text: { highlightFocused: true },
    },
  },
};
