import type {
  Action,
  ActionOutcome,
  AuthorizeAction,
  Direction,
  RevokeAction,
  UpdateDescriptionAction,
} from '@guardrail/core';
import type { MutationResult, SecurityGroupPort } from './ports';

export interface ExecutionResult {
  outcomes: ActionOutcome[];
  /** EC2 said InvalidGroup.NotFound: the group went away under us. */
  groupGone: boolean;
  /** A call failed in a way worth retrying (throttled past the SDK's retries, 5xx, timeout). */
  retryable: boolean;
}

/**
 * Carries out a plan's actions: revokes first, then authorizes, then description updates (a lock
 * policy's), one EC2 call per kind and direction (the performance budget counts calls). The gateway answers each action on its own (it alone
 * retries item by item when EC2 rejects a call as "already as wanted"), so each action gets its
 * own outcome: a rule someone else removed is `already-applied`, never `succeeded`.
 */
export async function executeActions(
  gateway: SecurityGroupPort,
  groupId: string,
  actions: readonly Action[],
  now: () => Date,
): Promise<ExecutionResult> {
  const result: ExecutionResult = { outcomes: [], groupGone: false, retryable: false };
  const revokes = actions.filter((a): a is RevokeAction => a.type === 'revoke');
  const authorizes = actions.filter((a): a is AuthorizeAction => a.type === 'authorize');
  const updates = actions.filter((a): a is UpdateDescriptionAction => a.type === 'update-description');
  const steps: { direction: Direction; actions: Action[] }[] = [
    ...byDirection(revokes),
    ...byDirection(authorizes),
    ...byDirection(updates),
  ];
  for (const step of steps) {
    if (result.groupGone) {
      for (const action of step.actions)
        result.outcomes.push({ action, status: 'skipped', error: 'group deleted' });
      continue;
    }
    const answers = await call(gateway, groupId, step.direction, step.actions);
    const completedAt = now().toISOString();
    step.actions.forEach((action, index) => {
      record(result, action, answers[index] ?? NO_ANSWER, completedAt);
    });
  }
  return result;
}

/** A gateway that answered fewer items than asked broke its contract: the action is not known done. */
const NO_ANSWER: MutationResult = {
  status: 'failed',
  code: 'NoResult',
  message: 'the gateway gave no result for this action',
};

function byDirection<A extends Action>(actions: A[]): { direction: Direction; actions: A[] }[] {
  const steps: { direction: Direction; actions: A[] }[] = [];
  for (const direction of ['ingress', 'egress'] as const) {
    const selected = actions.filter((a) => a.direction === direction);
    if (selected.length > 0) steps.push({ direction, actions: selected });
  }
  return steps;
}

/** The rule by id when known, always with its one-rule permission (the fallback without one). */
function ruleItem(action: RevokeAction | UpdateDescriptionAction) {
  return action.ruleId
    ? { ruleId: action.ruleId, permission: action.permission }
    : { permission: action.permission };
}

/** One step's call: its actions are all of one kind (and one direction). */
function call(
  gateway: SecurityGroupPort,
  groupId: string,
  direction: Direction,
  actions: Action[],
): Promise<MutationResult[]> {
  switch (actions[0]?.type) {
    case 'revoke':
      return gateway.revoke(groupId, direction, (actions as RevokeAction[]).map(ruleItem));
    case 'update-description':
      return gateway.updateDescriptions(
        groupId,
        direction,
        (actions as UpdateDescriptionAction[]).map(ruleItem),
      );
    default:
      return gateway.authorize(
        groupId,
        direction,
        actions.map((a) => a.permission),
      );
  }
}

function record(result: ExecutionResult, action: Action, outcome: MutationResult, completedAt: string): void {
  switch (outcome.status) {
    case 'applied':
      result.outcomes.push({ action, status: 'succeeded', completedAt });
      return;
    case 'already-applied':
      result.outcomes.push({ action, status: 'already-applied', completedAt });
      return;
    case 'group-not-found':
      result.groupGone = true;
      result.outcomes.push({
        action,
        status: 'failed',
        error: 'InvalidGroup.NotFound: the group no longer exists',
      });
      return;
    case 'retryable':
      // The record is retried for it: the alert published now says so.
      result.retryable = true;
      result.outcomes.push({
        action,
        status: 'failed',
        error: `${outcome.code}: ${outcome.message} (will be retried)`,
      });
      return;
    default:
      result.outcomes.push({ action, status: 'failed', error: `${outcome.code}: ${outcome.message}` });
  }
}
