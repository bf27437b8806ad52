import { classifyAwsError } from '../classify';

export type MutationFailure = {
  status: 'access-denied' | 'retryable' | 'failed';
  code: string;
  message: string;
};

export type MutationResult =
  | { status: 'applied' }
  | { status: 'already-applied'; code: string }
  | { status: 'group-not-found' }
  | MutationFailure;

export type ReadGroupResult<G> = { status: 'found'; group: G } | { status: 'not-found' } | MutationFailure;

/** What an EC2 error means for a mutation. */
export function mutationResultFromError(error: unknown): MutationResult {
  const { kind, code, message } = classifyAwsError(error);
  switch (kind) {
    case 'already':
      return { status: 'already-applied', code };
    case 'group-gone':
      return { status: 'group-not-found' };
    case 'access-denied':
      return { status: 'access-denied', code, message };
    case 'retryable':
      return { status: 'retryable', code, message };
    default:
      return { status: 'failed', code, message };
  }
}

/** What an EC2 error means for a read: "already" has no meaning there, so it is a failure. */
export function failureFromError(error: unknown): MutationFailure | { status: 'not-found' } {
  const result = mutationResultFromError(error);
  if (result.status === 'group-not-found') return { status: 'not-found' };
  if (result.status === 'applied' || result.status === 'already-applied') {
    const { code, message } = classifyAwsError(error);
    return { status: 'failed', code, message };
  }
  return result;
}

/**
 * One result for the peers of one item (an IpPermission with several ranges, tried peer by peer
 * after EC2 rejected it whole). A gone group makes everything moot; then the failure that needs a
 * person first (access denied, then a permanent failure), then one that a retry may fix;
 * `applied` when one peer changed something (the item did what was asked: the others were
 * already as wanted); `already-applied` only when every peer was. Items are never combined: each
 * has its own result (one planned action each).
 */
export function combinePeers(results: MutationResult[]): MutationResult {
  const order: MutationResult['status'][] = [
    'group-not-found',
    'access-denied',
    'failed',
    'retryable',
    'applied',
  ];
  for (const status of order) {
    const found = results.find((r) => r.status === status);
    if (found) return found;
  }
  return results[0] ?? { status: 'already-applied', code: 'NothingToDo' };
}
