/** The shapes of AWS identifiers Guardrail checks in its inputs, declared once. */

/** An AWS region (`eu-west-1`, `us-gov-west-1`, `cn-north-1`, `ap-southeast-5`). */
export const REGION_PATTERN = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/;

/** A 12-digit AWS account id. */
export const ACCOUNT_ID_PATTERN = /^\d{12}$/;

/** An organizational unit (`ou-...`) or an organization root (`r-...`). */
export const OU_OR_ROOT_PATTERN = /^(ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}|r-[0-9a-z]{4,32})$/;
