export { createS3Client } from './client';
export {
  type SweepRead,
  SweepResultsReadError,
  SweepResultsStore,
  type SweepResultsStoreOptions,
  type SweepResultsWrite,
} from './sweep-results-store';
export { parseSweepUri, type SweepLocation, SweepUriError, sweepUri } from './sweep-uri';
