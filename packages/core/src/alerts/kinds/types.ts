/**
 * What one incident kind knows (registered in ./registry.ts): how its document is built (and so
 * its severity and outcome), the subject's words, and the email's opening paragraph. Adding a
 * kind is one file here, its Incident and AlertDocument members in ../types.ts, and one line in
 * the registry; the compiler lists whatever else must handle it.
 */
import type { SubjectPiece } from '../subject-fit';
import type { AlertDocument, ComposeOptions, Incident, IncidentKind } from '../types';

export type IncidentOf<K extends IncidentKind> = Extract<Incident, { kind: K }>;
export type DocumentOf<K extends IncidentKind> = Extract<AlertDocument, { kind: K }>;

export interface IncidentKindModule<K extends IncidentKind> {
  /** The document of an incident of this kind; undefined when there is nothing worth a message. */
  document(incident: IncidentOf<K>, options: ComposeOptions): AlertDocument | undefined;
  /** What happened, for the subject, after the severity and before the account. */
  subject(document: DocumentOf<K>): SubjectPiece[];
  /** The email's opening paragraph. */
  intro(document: DocumentOf<K>): string;
}
