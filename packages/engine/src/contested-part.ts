import {
  contestedIncident,
  errorText,
  type Incident,
  type IncidentContext,
  type Plan,
} from '@guardrail/core';
import type { BreakerDecision } from './breaker';
import type { GroupUnit } from './group-unit';
import { METRICS } from './metric-names';
import type { ReconcileContext } from './reconcile-context';
import { recheckTarget } from './sweep/messages';
import { scheduleRecheck } from './sweep/recheck';

/**
 * The held-back part of a contested group: logged and counted every time, alerted when this
 * caller claimed the window's contested alert (the rule's own severity, when enforcement resumes).
 */
export function contestedPart(
  ctx: ReconcileContext,
  unit: GroupUnit,
  held: Plan,
  decision: BreakerDecision,
  context: IncidentContext,
): { reason: string; incident?: Incident } {
  const paused = [...decision.paused.values()];
  const remediations = Math.max(...paused.map((p) => p.remediations));
  const resumesAt = new Date(Math.max(...paused.map((p) => p.resumesAt.getTime())));
  const { windowMinutes } = ctx.breaker.options;
  ctx.logger.warn('circuit breaker open: not remediating a contested rule', {
    account: unit.account,
    region: unit.region,
    groupId: unit.groupId,
    rules: held.actions.length,
    remediations,
    windowMinutes,
    resumesAt: resumesAt.toISOString(),
  });
  ctx.metrics.record({
    name: METRICS.remediations,
    unit: 'Count',
    value: held.actions.length,
    dimensions: { outcome: 'contested' },
  });
  // The window's first alert also books the re-check for when the pause ends.
  if (decision.alert && ctx.recheck) {
    const target = recheckTarget(unit, resumesAt);
    ctx.defer(
      scheduleRecheck(ctx.recheck, target, ctx.now()).catch((error: unknown) =>
        ctx.logger.error('re-check not queued: the next sweep re-checks the group', {
          account: unit.account,
          region: unit.region,
          groupId: unit.groupId,
          resumesAt: target.notBefore,
          error: errorText(error),
        }),
      ),
    );
  }
  return {
    reason: `${remediations} remediations within ${windowMinutes} minutes`,
    ...(decision.alert
      ? {
          incident: contestedIncident(held, context, {
            remediations,
            windowMinutes,
            resumesAt: resumesAt.toISOString(),
          }),
        }
      : {}),
  };
}
