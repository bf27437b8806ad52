export { assessForwarding } from './assess';
export {
  type ExpectedForwardingInput,
  expectedForwarding,
  HUB_TARGET_ID,
  MEMBER_RULES_BUS,
} from './expected';
export { jsonDifference, patternDifference } from './pattern-diff';
export type * from './types';
