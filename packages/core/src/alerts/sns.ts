/** The SNS `Message` for `MessageStructure: json`: text for people, the document for machines. */
import { truncate } from './strings';
import type { AlertDocument, ComposedAlert } from './types';

/** SNS rejects a message above 256 KiB (UTF-8 bytes, the whole JSON structure). */
export const SNS_MAX_MESSAGE_BYTES = 262_144;

const encoder = new TextEncoder();

function structure(text: string, document: AlertDocument): string {
  const json = JSON.stringify(document);
  return JSON.stringify({ default: text, email: text, sqs: json, lambda: json, https: json });
}

function abridged(document: AlertDocument, keep: number): AlertDocument {
  const { changes, findings, actions } = document;
  return {
    ...document,
    changes: changes.slice(0, keep),
    findings: findings.slice(0, keep),
    actions: actions.slice(0, keep),
    omitted: {
      changes: Math.max(0, changes.length - keep),
      findings: Math.max(0, findings.length - keep),
      actions: Math.max(0, actions.length - keep),
    },
  };
}

function abridgedText(text: string, maxChars: number): string {
  if (text.length <= maxChars) return text;
  return `${truncate(text, maxChars)}\n[... cut to fit the message size limit; the full facts are in the hub's logs]\n`;
}

/**
 * The message, within SNS's size limit. A group with hundreds of offending rules would exceed
 * it: the lists are then cut (keeping the first entries, counting the rest in `omitted`) rather
 * than losing the whole alert to a rejected Publish.
 */
export function snsMessage(alert: ComposedAlert, maxBytes: number = SNS_MAX_MESSAGE_BYTES): string {
  const full = structure(alert.text, alert.document);
  if (encoder.encode(full).length <= maxBytes) return full;
  const { findings, changes, actions } = alert.document;
  let keep = Math.max(findings.length, changes.length, actions.length);
  let budget = Math.floor(maxBytes / 8);
  // Halve the lists and the text until the message fits; at zero, what is left is sent as is.
  for (;;) {
    keep = Math.floor(keep / 2);
    budget = Math.floor(budget / 2);
    const message = structure(abridgedText(alert.text, budget), abridged(alert.document, keep));
    if (encoder.encode(message).length <= maxBytes || (keep === 0 && budget === 0)) return message;
  }
}
