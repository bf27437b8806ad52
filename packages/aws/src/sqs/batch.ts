/** One entry of an SQS batch call that SQS refused (the others went through). */
export interface BatchEntryFailure {
  /** The entry's id in the call. */
  id: string;
  code: string;
  message: string;
}

/** SQS's limit on the entries of one batch call, and on the messages of one receive. */
export const SQS_BATCH_LIMIT = 10;

/** Maps SQS's `Failed` entries (Id, Code, Message) of a batch response. */
export function batchFailures(
  failed: readonly {
    Id?: string | undefined;
    Code?: string | undefined;
    Message?: string | undefined;
  }[] = [],
): BatchEntryFailure[] {
  return failed.map((f) => ({ id: f.Id ?? '', code: f.Code ?? 'Unknown', message: f.Message ?? '' }));
}
