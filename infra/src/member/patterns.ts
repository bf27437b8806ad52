/** Regular expressions (as CloudFormation `AllowedPattern` fragments) for member template parameters. */
export const ARN_PARTITION_PATTERN = 'aws(-[a-z]+)*';
export const REGION_PATTERN = '[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-[0-9]';
export const ACCOUNT_ID_PATTERN = '[0-9]{12}';
export const ROLE_NAME_PATTERN = '[\\w+=,.@\\-]{1,64}';
