/** The SNS `Message` for `MessageStructure: json`: text for people, the document for machines. */
import { truncate } from './strings';
import type { AlertDocument, ComposedAlert } from './types';

/** SNS rejects a message above 256 KiB (UTF-8 bytes, the whole JSON structure). */
export const SNS_MAX_MESSAGE_BYTES = 262_144;

/**
 * The message from its two values already written as JSON string literals: the same bytes as
 * `JSON.stringify({ default, email, sqs, lambda, https })`, but each value is escaped once rather
 * than once per protocol (the document, escaped, is most of the message).
 */
function structure(textLiteral: string, documentLiteral: string): string {
  return `{"default":${textLiteral},"email":${textLiteral},"sqs":${documentLiteral},"lambda":${documentLiteral},"https":${documentLiteral}}`;
}

/** The message's bytes besides its five values. */
const FRAME_BYTES = Buffer.byteLength(structure('', ''));

/** The message's size in UTF-8 bytes, from the sizes of its two literals (measured once each). */
function messageBytes(textLiteralBytes: number, documentLiteralBytes: number): number {
  return FRAME_BYTES + 2 * textLiteralBytes + 3 * documentLiteralBytes;
}

/** How many entries of each list are left out when the first `keep` are kept. */
function omitted(document: AlertDocument, keep: number): NonNullable<AlertDocument['omitted']> {
  return {
    changes: Math.max(0, document.changes.length - keep),
    findings: Math.max(0, document.findings.length - keep),
    actions: Math.max(0, document.actions.length - keep),
  };
}

function abridgedText(text: string, maxChars: number): string {
  if (text.length <= maxChars) return text;
  return `${truncate(text, maxChars)}\n[... cut to fit the message size limit; the full facts are in the hub's logs]\n`;
}

type ListKey = 'changes' | 'findings' | 'actions';

const LISTS: readonly ListKey[] = ['changes', 'findings', 'actions'];

/** Each list's entries as JSON, written once and reused by every candidate message. */
type ListJson = Record<ListKey, string[]>;

function listJson(document: AlertDocument): ListJson {
  const write = (entries: readonly object[]) => entries.map((entry) => JSON.stringify(entry));
  return {
    changes: write(document.changes),
    findings: write(document.findings),
    actions: write(document.actions),
  };
}

function isList(key: string): key is ListKey {
  return (LISTS as readonly string[]).includes(key);
}

/**
 * `JSON.stringify` of the document with its lists cut to `keep` entries and `omitted` set,
 * assembled from the entries already written: the same keys in the same order, and a
 * value JSON.stringify leaves out (undefined) left out here too.
 */
function documentJson(
  document: AlertDocument,
  lists: ListJson,
  keep: number,
  cut: AlertDocument['omitted'],
): string {
  const parts: string[] = [];
  for (const [key, value] of Object.entries({ ...document, omitted: cut })) {
    const json = isList(key) ? `[${lists[key].slice(0, keep).join(',')}]` : JSON.stringify(value);
    if (json !== undefined) parts.push(`${JSON.stringify(key)}:${json}`);
  }
  return `{${parts.join(',')}}`;
}

/**
 * The bytes escaping adds to JSON text put in a string literal: one backslash per quote and per
 * backslash (JSON text holds no raw control character and no lone surrogate).
 */
function escapes(json: string): number {
  let count = 0;
  for (const char of ['"', '\\']) {
    for (let at = json.indexOf(char); at !== -1; at = json.indexOf(char, at + 1)) count++;
  }
  return count;
}

/** UTF-8 bytes of JSON text once put in a string literal, quotes excluded. */
function literalBytes(json: string): number {
  return Buffer.byteLength(json) + escapes(json);
}

/**
 * Running totals of a list's entries inside the document literal: `sizes[k]` is the bytes of
 * the first k entries and the commas between them. Escaping works character by character, so
 * the literal's size is the sum of its parts' sizes.
 */
function prefixSizes(entries: readonly string[]): number[] {
  const sizes = [0];
  let total = 0;
  for (const [index, entry] of entries.entries()) {
    total += literalBytes(entry) + (index > 0 ? 1 : 0);
    sizes.push(total);
  }
  return sizes;
}

/** The size of the abridged document's literal, measured without writing it. */
function abridgedSizer(document: AlertDocument, lists: ListJson): (keep: number) => number {
  const sizes = LISTS.map((key) => prefixSizes(lists[key]));
  return (keep) => {
    const skeleton = documentJson(document, lists, 0, omitted(document, keep));
    const entries = sizes.reduce(
      (sum, prefix) => sum + (prefix[Math.min(keep, prefix.length - 1)] as number),
      0,
    );
    return 2 + literalBytes(skeleton) + entries;
  };
}

/**
 * The message, within SNS's size limit. A group with hundreds of offending rules would exceed
 * it: the lists are then cut (keeping the first entries, counting the rest in `omitted`) rather
 * than losing the whole alert to a rejected Publish.
 */
export function snsMessage(alert: ComposedAlert, maxBytes: number = SNS_MAX_MESSAGE_BYTES): string {
  const { document } = alert;
  const text = JSON.stringify(alert.text);
  const textBytes = Buffer.byteLength(text);
  // Escaping only adds bytes: a message already too big unescaped (or by its text alone) is not
  // written to be measured.
  if (messageBytes(textBytes, 2) <= maxBytes) {
    const json = JSON.stringify(document);
    if (messageBytes(textBytes, Buffer.byteLength(json) + 2) <= maxBytes) {
      const literal = JSON.stringify(json);
      if (messageBytes(textBytes, Buffer.byteLength(literal)) <= maxBytes) return structure(text, literal);
    }
  }
  const { findings, changes, actions } = document;
  const lists = listJson(document);
  const documentBytes = abridgedSizer(document, lists);
  let keep = Math.max(findings.length, changes.length, actions.length);
  let budget = Math.floor(maxBytes / 8);
  // Halve the lists and the text until the message fits; at zero, what is left is sent as is.
  // Each step is measured, not written: only the message sent is serialised.
  for (;;) {
    keep = Math.floor(keep / 2);
    budget = Math.floor(budget / 2);
    const cutText = JSON.stringify(abridgedText(alert.text, budget));
    if (
      messageBytes(Buffer.byteLength(cutText), documentBytes(keep)) <= maxBytes ||
      (keep === 0 && budget === 0)
    ) {
      return structure(cutText, JSON.stringify(documentJson(document, lists, keep, omitted(document, keep))));
    }
  }
}
