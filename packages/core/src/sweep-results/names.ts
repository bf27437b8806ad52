/** What a sweep id and a results bucket may look like: checked where they come in (config, URIs, documents). */

/** The documents' one schema version so far. */
export const SWEEP_RESULTS_SCHEMA_VERSION = 1;

/**
 * A sweep id: planSweep's (`20250601T120000Z-1a2b3c4d`), a caller's own, or a re-check's
 * (`recheck:<ms>`). Safe in an S3 key and an `s3://` URI.
 */
export const SWEEP_ID_PATTERN = /^[\w:.+-]{1,128}$/;

/**
 * An S3 bucket name as S3 accepts it for a new bucket: 3 to 63 lowercase letters, digits, dots
 * and hyphens, starting and ending with a letter or digit, no two dots in a row.
 */
export const S3_BUCKET_NAME_PATTERN = /^(?!.*\.\.)[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
