/**
 * Builds the hub bundle in a process of its own: esbuild's plugins (hub-bundle.ts) need its
 * asynchronous API, and CDK bundles synchronously. HubFunction runs it with
 * `node --import tsx bundle-hub-main.ts '<json>'`, the JSON being a HubBundleInput plus, optionally,
 * `metafile`: a path to write esbuild's metafile to (the bundle test and the bench read it).
 */
import { writeFileSync } from 'node:fs';
import { bundleHub, type HubBundleInput } from './hub-bundle';

async function main(): Promise<void> {
  const input = JSON.parse(process.argv[2] ?? '{}') as HubBundleInput & { metafile?: string };
  if (typeof input.entry !== 'string' || typeof input.outdir !== 'string') {
    throw new Error('usage: bundle-hub-main.ts \'{"entry": "...", "outdir": "...", "metafile": "..."}\'');
  }
  const metafile = await bundleHub({ entry: input.entry, outdir: input.outdir });
  if (input.metafile) writeFileSync(input.metafile, JSON.stringify(metafile));
}

main().catch((error: unknown) => {
  process.stderr.write(`hub bundle failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
