/**
 * Reading a policy file: YAML text -> validated PolicyFile, or a PolicyFileError that lists
 * every problem with its field path (and line, when the YAML says). Pure: no file system.
 */
import { type Document, LineCounter, parseDocument } from 'yaml';
import type { z } from 'zod';
import { PolicyFileError, type PolicyIssue } from './errors';
import { policyFileSchema } from './schema';
import type { PolicyFile } from './types';

type PathSegment = PropertyKey;

/** `policies.web-public.ingress.deny[2].ports`; keys that are not plain words are quoted. */
export function formatPath(path: readonly PathSegment[]): string {
  let text = '';
  for (const segment of path) {
    if (typeof segment === 'number') text += `[${segment}]`;
    else if (/^[A-Za-z0-9_-]+$/.test(String(segment))) text += text ? `.${String(segment)}` : String(segment);
    else text += `[${JSON.stringify(String(segment))}]`;
  }
  return text;
}

/** Where the deepest existing node of `path` starts, as 1-based line and column. */
function positionOf(doc: Document, lines: LineCounter, path: readonly PathSegment[]) {
  for (let depth = path.length; depth >= 0; depth--) {
    const node = doc.getIn(path.slice(0, depth) as unknown[], true) as
      | { range?: [number, number, number] }
      | undefined;
    if (node?.range) {
      const { line, col } = lines.linePos(node.range[0]);
      return { line, column: col };
    }
  }
  return {};
}

/** Zod issues as (path, message) pairs: one per unknown key, and a bad record key's own reason. */
function schemaIssues(issues: z.core.$ZodIssue[]): { path: PathSegment[]; message: string }[] {
  return issues.flatMap((issue) => {
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({ path: [...issue.path, key], message: 'unknown key' }));
    }
    if (issue.code === 'invalid_key') {
      return issue.issues.map((inner) => ({ path: issue.path, message: inner.message }));
    }
    return [{ path: issue.path, message: issue.message }];
  });
}

/**
 * Most anchors an alias may expand to, counted as the yaml package does (its default, set
 * here so it is a decision): a policy file reuses a matcher a few times, an alias bomb
 * (`b: [*a, *a, ...]` nested) expands to billions of nodes and must be refused, not built.
 */
const MAX_ALIAS_COUNT = 100;

/** The document as plain data; what refuses to build (an alias bomb) is a problem of the file. */
function toJs(doc: Document, file: string): unknown {
  try {
    return doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (error) {
    const message = (error as Error).message;
    const reason = /alias count/i.test(message)
      ? `YAML: too many alias expansions (more than ${MAX_ALIAS_COUNT}): the file looks like an alias bomb`
      : `YAML: ${message}`;
    throw new PolicyFileError(file, [{ path: '', message: reason }], { cause: error });
  }
}

export function loadPolicyFile(text: string, file: string): PolicyFile {
  const lines = new LineCounter();
  // logLevel error: the yaml package would otherwise print its warnings (a key that is a
  // collection) on the process's stderr, beside the one message the loader gives.
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, logLevel: 'error' });
  if (doc.errors.length > 0) {
    throw new PolicyFileError(
      file,
      doc.errors.map((error): PolicyIssue => {
        const { line, col } = lines.linePos(error.pos[0]);
        return { path: '', message: `YAML syntax: ${error.message}`, line, column: col };
      }),
      { cause: doc.errors[0] },
    );
  }
  const parsed = policyFileSchema.safeParse(toJs(doc, file));
  if (!parsed.success) {
    throw new PolicyFileError(
      file,
      schemaIssues(parsed.error.issues).map(({ path, message }) => ({
        path: formatPath(path),
        message,
        ...positionOf(doc, lines, path),
      })),
      { cause: parsed.error },
    );
  }
  return parsed.data as PolicyFile;
}
