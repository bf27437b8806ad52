import { ApiError, SandboxError } from '../errors';
import { looksLikeArn, parseBusArn } from './arns';

/** What EventBridge checks of PutRule / PutTargets input before it looks at any rule. */

export type RuleState = 'ENABLED' | 'DISABLED';

export interface TargetSpec {
  Id: string;
  Arn: string;
  RoleArn?: string;
  DeadLetterConfig?: { Arn?: string };
  RetryPolicy?: { MaximumRetryAttempts?: number; MaximumEventAgeInSeconds?: number };
}

const NAME = /^[.\-_A-Za-z0-9]{1,64}$/;
/** What the sandbox delivers as is; these fields would reshape or reroute the event. */
const NOT_MODELLED_TARGET_FIELDS = [
  'Input',
  'InputPath',
  'InputTransformer',
  'KinesisParameters',
  'RunCommandParameters',
  'EcsParameters',
  'BatchParameters',
  'SqsParameters',
  'HttpParameters',
  'RedshiftDataParameters',
  'SageMakerPipelineParameters',
  'AppSyncParameters',
];
export const MAX_TARGETS_PER_RULE = 5;
export const DEFAULT_MAXIMUM_RETRY_ATTEMPTS = 185;

function validation(value: unknown, field: string, constraint: string): ApiError {
  return new ApiError(
    'ValidationException',
    `1 validation error detected: Value '${String(value)}' at '${field}' failed to satisfy constraint: ${constraint}`,
  );
}

export function checkName(value: unknown, field: string): string {
  if (typeof value !== 'string' || !NAME.test(value))
    throw validation(value, field, 'Member must satisfy regular expression pattern: [\\.\\-_A-Za-z0-9]+');
  return value;
}

export function checkState(value: unknown): RuleState {
  if (value === undefined || value === 'ENABLED' || value === 'DISABLED') return value ?? 'ENABLED';
  if (value === 'ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS')
    throw new SandboxError('the sandbox never delivers read-only management events: use ENABLED');
  throw validation(value, 'state', 'Member must satisfy enum value set: [ENABLED, DISABLED]');
}

function checkRetryPolicy(policy: TargetSpec['RetryPolicy'], field: string): void {
  const attempts = policy?.MaximumRetryAttempts;
  if (attempts !== undefined && (!Number.isInteger(attempts) || attempts < 0 || attempts > 185))
    throw validation(
      attempts,
      `${field}.retryPolicy.maximumRetryAttempts`,
      'Member must have value between 0 and 185',
    );
  const age = policy?.MaximumEventAgeInSeconds;
  if (age !== undefined && (!Number.isInteger(age) || age < 60 || age > 86400))
    throw validation(
      age,
      `${field}.retryPolicy.maximumEventAgeInSeconds`,
      'Member must have value between 60 and 86400',
    );
}

/** The targets of one PutTargets call, checked as EventBridge does (and refused where the sandbox cannot deliver). */
export function checkTargets(value: unknown): TargetSpec[] {
  if (!Array.isArray(value) || value.length < 1 || value.length > 10)
    throw validation('[...]', 'targets', 'Member must have length between 1 and 10');
  return value.map((raw, index) => {
    const field = `targets.${index + 1}.member`;
    const target = raw as TargetSpec & Record<string, unknown>;
    checkName(target.Id, `${field}.id`);
    if (typeof target.Arn !== 'string' || !looksLikeArn(target.Arn))
      throw new ApiError(
        'ValidationException',
        `Parameter ${String(target.Arn)} is not valid. Reason: Provided Arn is not in correct format.`,
      );
    const dlq = target.DeadLetterConfig?.Arn;
    if (dlq !== undefined && !looksLikeArn(dlq))
      throw new ApiError(
        'ValidationException',
        `Parameter ${dlq} is not valid. Reason: Provided Arn is not in correct format.`,
      );
    checkRetryPolicy(target.RetryPolicy, field);
    if (!parseBusArn(target.Arn))
      throw new SandboxError(`the sandbox delivers to event buses only, not to ${target.Arn}`);
    const unmodelled = NOT_MODELLED_TARGET_FIELDS.find((key) => target[key] !== undefined);
    if (unmodelled) throw new SandboxError(`the sandbox does not model the target field ${unmodelled}`);
    return {
      Id: target.Id,
      Arn: target.Arn,
      ...(target.RoleArn !== undefined ? { RoleArn: target.RoleArn } : {}),
      ...(target.DeadLetterConfig !== undefined ? { DeadLetterConfig: { ...target.DeadLetterConfig } } : {}),
      ...(target.RetryPolicy !== undefined ? { RetryPolicy: { ...target.RetryPolicy } } : {}),
    };
  });
}
