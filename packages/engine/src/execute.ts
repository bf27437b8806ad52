import type { Action, ActionOutcome, AuthorizeAction, Direction, RevokeAction } from '@guardrail/core';
import type { MutationResult, SecurityGroupPort } from './ports';

export interface ExecutionResult {
  outcomes: ActionOutcome[];
  /** EC2 said InvalidGroup.NotFound: the group went away under us. */
  groupGone: boolean;
  /** A call failed in a way worth retrying (throttled past the SDK's retries, 5xx, timeout). */
  retryable: boolean;
}

/**
 * Carries out a plan's actions: revokes first, then authorizes, one EC2 call per kind and direction
 * (the performance budget counts calls). When a batched call reports "already as wanted", it may
 * hold for only some of the rules, so the actions are retried one by one to learn each outcome.
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
  const steps: { direction: Direction; actions: Action[] }[] = [
    ...byDirection(revokes),
    ...byDirection(authorizes),
  ];
  for (const step of steps) {
    if (result.groupGone) {
      for (const action of step.actions)
        result.outcomes.push({ action, status: 'skipped', error: 'group deleted' });
      continue;
    }
    await runStep(gateway, groupId, step.direction, step.actions, now, result);
  }
  return result;
}

function byDirection<A extends Action>(actions: A[]): { direction: Direction; actions: A[] }[] {
  const steps: { direction: Direction; actions: A[] }[] = [];
  for (const direction of ['ingress', 'egress'] as const) {
    const selected = actions.filter((a) => a.direction === direction);
    if (selected.length > 0) steps.push({ direction, actions: selected });
  }
  return steps;
}

function call(gateway: SecurityGroupPort, groupId: string, direction: Direction, actions: Action[]) {
  if (actions[0]?.type === 'revoke') {
    const items = (actions as RevokeAction[]).map((a) =>
      a.ruleId ? { ruleId: a.ruleId, permission: a.permission } : { permission: a.permission },
    );
    return gateway.revoke(groupId, direction, items);
  }
  return gateway.authorize(
    groupId,
    direction,
    actions.map((a) => a.permission),
  );
}

async function runStep(
  gateway: SecurityGroupPort,
  groupId: string,
  direction: Direction,
  actions: Action[],
  now: () => Date,
  result: ExecutionResult,
): Promise<void> {
  const outcome = await call(gateway, groupId, direction, actions);
  if (outcome.status === 'already-applied' && actions.length > 1) {
    for (const action of actions) {
      if (result.groupGone) {
        result.outcomes.push({ action, status: 'skipped', error: 'group deleted' });
        continue;
      }
      record(result, [action], await call(gateway, groupId, direction, [action]), now);
    }
    return;
  }
  record(result, actions, outcome, now);
}

function record(result: ExecutionResult, actions: Action[], outcome: MutationResult, now: () => Date): void {
  const completedAt = now().toISOString();
  for (const action of actions) {
    switch (outcome.status) {
      case 'applied':
        result.outcomes.push({ action, status: 'succeeded', completedAt });
        break;
      case 'already-applied':
        result.outcomes.push({ action, status: 'already-applied', completedAt });
        break;
      case 'group-not-found':
        result.groupGone = true;
        result.outcomes.push({
          action,
          status: 'failed',
          error: 'InvalidGroup.NotFound: the group no longer exists',
        });
        break;
      default:
        if (outcome.status === 'retryable') result.retryable = true;
        result.outcomes.push({ action, status: 'failed', error: `${outcome.code}: ${outcome.message}` });
    }
  }
}
