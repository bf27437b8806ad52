export { accountErrorIncident } from './account-error';
export { baselineIncident, principalShortName } from './baseline';
export { contestedIncident } from './contested';
export { forwardingIncident } from './forwarding';
export { groupDeletedIncident } from './group-deleted';
export { misconfiguredIncident } from './misconfigured';
export { optOutIncident } from './opt-out';
export { remediationIncident } from './remediation';
export { tamperIncident } from './tamper';
