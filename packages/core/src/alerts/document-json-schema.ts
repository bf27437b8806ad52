/**
 * The JSON Schema (draft 2020-12) of the alert document, generated from the zod schema so the
 * two cannot drift. It describes what the hub publishes (the output side).
 */
import { z } from 'zod';
import { alertDocumentSchema } from './document-schema';

export const ALERT_DOCUMENT_SCHEMA_ID = 'https://guardrail.dev/schema/alert-document.v1.schema.json';

export function alertDocumentJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(alertDocumentSchema, { io: 'output' });
  return {
    ...schema,
    $id: ALERT_DOCUMENT_SCHEMA_ID,
    title: 'Guardrail alert document, version 1',
    description:
      'The machine-readable alert the hub publishes to its SNS topic: the message (MessageStructure json) ' +
      'carries it, as JSON text, as its sqs, lambda and https values. `kind` tells which of the ' +
      'kind-specific fields is present.',
  };
}

/** The committed file's exact text (two-space JSON and a final newline). */
export function alertDocumentJsonSchemaText(): string {
  return `${JSON.stringify(alertDocumentJsonSchema(), null, 2)}\n`;
}
