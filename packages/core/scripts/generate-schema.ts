/**
 * Writes the committed JSON Schemas of packages/core/schema from their zod schemas:
 * policy-file.v1.schema.json (src/policy/schema.ts) and alert-document.v1.schema.json
 * (src/alerts/document-schema.ts). Run after changing either:
 *   npx tsx packages/core/scripts/generate-schema.ts
 * (a test fails while a committed file is stale). The CLI's plan JSON schema has its own script:
 * apps/cli/scripts/generate-schema.ts.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { alertDocumentJsonSchemaText } from '../src/alerts/document-json-schema';
import { policyFileJsonSchemaText } from '../src/policy/json-schema';

const schemas: [file: string, text: () => string][] = [
  ['policy-file.v1.schema.json', policyFileJsonSchemaText],
  ['alert-document.v1.schema.json', alertDocumentJsonSchemaText],
];

for (const [file, text] of schemas) {
  const target = join(__dirname, '..', 'schema', file);
  writeFileSync(target, text());
  console.log(`wrote ${target}`);
}
