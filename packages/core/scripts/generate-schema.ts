/**
 * Writes packages/core/schema/policy-file.v1.schema.json from the zod schema.
 * Run after changing src/policy/schema.ts:  npx tsx packages/core/scripts/generate-schema.ts
 * (a test fails while the committed file is stale).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { policyFileJsonSchemaText } from '../src/policy/json-schema';

const target = join(__dirname, '..', 'schema', 'policy-file.v1.schema.json');
writeFileSync(target, policyFileJsonSchemaText());
console.log(`wrote ${target}`);
