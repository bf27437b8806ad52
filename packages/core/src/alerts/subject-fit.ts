/**
 * Fitting a subject within SNS's limit: pieces that give way in order (the account name, the
 * count of other findings, then the rule in words), and the finding a subject names.
 */
import { oneLine, truncate } from './strings';
import type { AlertFinding, Decision } from './types';

/** SNS: "Subjects must be ... less than 100 characters long". */
export const MAX_SUBJECT_LENGTH = 99;

/** One part of a subject. `shrink`: the order in which it gives way (absent: kept whole). */
export interface SubjectPiece {
  text: string;
  shrink?: number;
  /** Shortest it may become when it gives way; 0 (the default) lets it disappear. */
  min?: number;
  /** Gives way by disappearing, never by shortening (" (+2 more)" cut short would mislead). */
  whole?: boolean;
}

/** "x...": anything shorter says nothing. */
const MIN_STUB = 3;

/** Joins the pieces within `max`, shrinking the shrinkable ones in order, then cutting the rest. */
export function fitSubject(pieces: SubjectPiece[], max: number = MAX_SUBJECT_LENGTH): string {
  const texts = pieces.map((piece) => oneLine(piece.text));
  const order = pieces
    .map((piece, index) => ({ index, shrink: piece.shrink, min: piece.min ?? 0, whole: piece.whole }))
    .filter((entry) => entry.shrink !== undefined)
    .sort((a, b) => (a.shrink as number) - (b.shrink as number));
  for (const { index, min, whole } of order) {
    const over = texts.join('').length - max;
    if (over <= 0) break;
    const text = texts[index] as string;
    // A piece keeps its trailing separator ("prod " stays "pr... "), and is dropped rather than
    // left as a stub with no letter before its ellipsis.
    const body = text.trimEnd();
    const trail = text.slice(body.length);
    const keep = whole ? 0 : Math.max(body.length - over, min);
    texts[index] = keep > MIN_STUB || min > 0 ? `${truncate(body, keep)}${trail}` : '';
  }
  return truncate(texts.join(''), max);
}

const SOLVED: ReadonlySet<Decision> = new Set<Decision>(['reverted', 'restored']);

/** Internet-exposed admin ports first, then internet exposure, then what a change brought. */
function rank(finding: AlertFinding): number {
  const exposed = finding.internet && finding.code !== 'missing-required';
  return (exposed ? (finding.adminPort ? 4 : 2) : 0) + (finding.cause === 'change' ? 1 : 0);
}

/**
 * The finding a subject names: the worst of those still open, or of all when none is. Never one
 * someone else had already fixed (`already-applied`): the subject's verb ("Reverted") is this
 * hub's; undefined when only such findings are left.
 */
export function headlineFinding(findings: AlertFinding[]): AlertFinding | undefined {
  const ours = findings.filter((finding) => finding.decision !== 'already-applied');
  const open = ours.filter((finding) => !SOLVED.has(finding.decision));
  const pool = open.length > 0 ? open : ours;
  return [...pool].sort((a, b) => rank(b) - rank(a))[0];
}
