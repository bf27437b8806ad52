/**
 * What the hub reads from AWS Organizations, through the read role or with its own role: ACTIVE
 * checks and account names (DescribeAccount, DescribeOrganization), the OUs an account sits under
 * for policies scoped to OUs (ListParents), and the sweep's listing of the accounts, whole
 * organization or under the target OUs (ListAccounts, ListChildren, ListAccountsForParent). All
 * read-only.
 */
export const ORGANIZATIONS_READ_ACTIONS = [
  'organizations:DescribeAccount',
  'organizations:DescribeOrganization',
  'organizations:ListAccounts',
  'organizations:ListAccountsForParent',
  'organizations:ListChildren',
  'organizations:ListParents',
];
