import type { Rule } from '../rules/types';
import type { Action } from './types';

/** The rules an action revokes, authorizes or puts a description back on, in order. */
export function actionRules(action: Action): Rule[] {
  return action.type === 'authorize' ? action.rules : [action.rule];
}
