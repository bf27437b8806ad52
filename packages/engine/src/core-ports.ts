/**
 * The engine's pure ports bound to @guardrail/core: the event parser (with the loop guard's
 * identity of the hub's own calls), the planner (with the loaded policies and tag keys) and the
 * alert composer.
 */
import {
  type ComposeOptions,
  captureBaseline,
  composeAlert,
  DEFAULT_TAG_KEYS,
  type ParseOptions,
  type PolicyFile,
  parseEvent,
  planGroup,
  type TagKeys,
} from '@guardrail/core';
import type { AlertComposer, BaselineCapturer, EventParser, GroupPlanner } from './ports';

export interface CorePortsOptions {
  policies: PolicyFile;
  tagKeys?: TagKeys;
  /** Whose calls are the hub's own (role names, SourceIdentity) and which forwarding rule is guarded. */
  parse?: ParseOptions;
  compose?: ComposeOptions;
}

export interface CorePorts {
  parse: EventParser;
  plan: GroupPlanner;
  /** A lock group's baseline, captured under the same policies the planner judges with. */
  capture: BaselineCapturer;
  compose: AlertComposer;
}

/**
 * Parse errors that mean "not for us" (another event, another rule, a non-group resource) are
 * ignored; a malformed event is invalid and goes to the dead-letter queue.
 */
export function createCorePorts(options: CorePortsOptions): CorePorts {
  return {
    parse(event) {
      const result = parseEvent(event, options.parse ?? {});
      if (result.ok) return { status: 'change', change: result.change };
      const reason = result.error.message;
      return result.error.reason === 'malformed'
        ? { status: 'invalid', reason }
        : { status: 'ignored', reason };
    },
    capture(input) {
      return captureBaseline({ ...input, policies: options.policies });
    },
    plan({
      group,
      account,
      region,
      changes,
      now,
      as,
      prefixLists,
      organizationalUnits,
      remembered,
      baseline,
    }) {
      const keys = options.tagKeys ?? DEFAULT_TAG_KEYS;
      // "As if still under": the group's rules judged by a policy its tags no longer name.
      const tags = as ? { ...group.tags, [keys.policy]: as.policy, [keys.mode]: as.mode } : group.tags;
      return planGroup({
        group: { ...group, tags, ownerId: group.ownerId ?? account, region: group.region ?? region },
        policies: options.policies,
        changes,
        now,
        account,
        ...(options.tagKeys ? { tagKeys: options.tagKeys } : {}),
        ...(prefixLists ? { prefixLists } : {}),
        ...(organizationalUnits ? { organizationalUnits } : {}),
        ...(remembered ? { remembered } : {}),
        ...(baseline ? { baseline } : {}),
      });
    },
    compose: (incident) => composeAlert(incident, options.compose ?? {}),
  };
}
