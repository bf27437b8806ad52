/**
 * Every incident kind, registered once. The mapped type makes a kind without a module a compile
 * error; the document, subject and text dispatch here instead of switching on the kind.
 */
import type { IncidentKind } from '../types';
import { accountError } from './account-error';
import { baseline } from './baseline';
import { contested } from './contested';
import { forwarding } from './forwarding';
import { groupDeleted } from './group-deleted';
import { misconfigured } from './misconfigured';
import { optOut } from './opt-out';
import { remediation } from './remediation';
import { sweep } from './sweep';
import { tamper } from './tamper';
import type { IncidentKindModule } from './types';

const INCIDENT_KINDS: { readonly [K in IncidentKind]: IncidentKindModule<K> } = {
  remediation,
  misconfigured,
  'account-error': accountError,
  contested,
  tamper,
  'group-deleted': groupDeleted,
  'opt-out': optOut,
  forwarding,
  baseline,
  sweep,
};

/**
 * The module of a kind, taking any incident or document of the kinds union (TypeScript cannot
 * correlate a union's kind with its module: each module narrows what it is given by its own kind).
 */
export function kindModule(kind: IncidentKind): IncidentKindModule<IncidentKind> {
  return INCIDENT_KINDS[kind] as IncidentKindModule<IncidentKind>;
}
