export { closedExposures } from './assess';
export { alertAttributes, NO_POLICY } from './attributes';
export { composeAlert } from './compose';
export { securityGroupConsoleUrl } from './console-link';
export { exposureWindow, exposureWindowSeconds, formatDuration } from './exposure';
export * from './kinds';
export { SNS_MAX_MESSAGE_BYTES, snsMessage } from './sns';
export { MAX_SUBJECT_LENGTH } from './subject';
export type * from './types';
