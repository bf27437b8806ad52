export { type BatchEntryFailure, SQS_BATCH_LIMIT } from './batch';
export { type DeadLetter, SqsDeadLetterSink } from './dead-letter-sink';
export {
  type MessageAttributes,
  type OutgoingMessage,
  type ReceivedMessage,
  type ReceiveOptions,
  type SqsMessage,
  SqsQueue,
} from './queue';
export { SqsRecheckQueue } from './recheck-queue';
export { SqsSweepQueue, type SweepQueueFailure } from './sweep-queue';
