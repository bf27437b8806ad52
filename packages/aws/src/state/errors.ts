import { AwsOperationError } from '../errors';

/** A call to the hub's state table failed (the engine works around it: fail open, log, metric). */
export class StateStoreError extends AwsOperationError {
  override readonly name = 'StateStoreError';
  constructor(
    readonly tableName: string,
    operation: string,
    cause: unknown,
  ) {
    super(`${operation} on ${tableName}`, cause);
  }
}

/** DynamoDB said the condition did not hold: an answer, not a failure. */
export function isConditionFailed(error: unknown): boolean {
  return error instanceof Error && error.name === 'ConditionalCheckFailedException';
}
