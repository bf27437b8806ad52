export { isGuardrailActor, type LoopGuardOptions, roleNameFromArn } from './actor';
export { groupIdsOf, isGroupChange, isRuleChange, isTagChange } from './change-kinds';
export { EventParseError, type EventParseErrorReason } from './errors';
export {
  DEFAULT_GUARDRAIL_ROLE_NAMES,
  DEFAULT_GUARDRAIL_SOURCE_IDENTITY,
  isSkippable,
  type ParseOptions,
  type ParseResult,
  parseEvent,
  RETURN_FALSE,
  skipReason,
} from './parse';
