/**
 * Writes apps/cli/schema/plan.v1.schema.json from the zod schema of the plan JSON.
 * Run after changing src/render/plan-json.ts or plan-json-schema.ts:
 *   npx tsx apps/cli/scripts/generate-schema.ts
 * (a test fails while the committed file is stale).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { planJsonSchemaText } from '../src/render/plan-json-schema';

const target = join(__dirname, '..', 'schema', 'plan.v1.schema.json');
writeFileSync(target, planJsonSchemaText());
console.log(`wrote ${target}`);
