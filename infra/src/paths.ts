import { resolve } from 'node:path';

/** The workspace root (the NodejsFunction project root: the hub entry and the pnpm lock file live under it). */
export const REPO_ROOT = resolve(__dirname, '..', '..');
export const INFRA_ROOT = resolve(__dirname, '..');
/** The sweep function's handler module: the whole hub and the sweep planner. */
export const HUB_ENTRY = resolve(REPO_ROOT, 'apps', 'hub', 'src', 'lambda.ts');
/** The live-event function's handler module: the hub without the sweep's parts (a smaller bundle). */
export const EVENT_HUB_ENTRY = resolve(REPO_ROOT, 'apps', 'hub', 'src', 'event-lambda.ts');
export const LOCK_FILE = resolve(REPO_ROOT, 'pnpm-lock.yaml');
/** esbuild is a dependency of this package; local bundling runs it from here (no Docker). */
export const INFRA_BIN = resolve(INFRA_ROOT, 'node_modules', '.bin');
