export { accountErrorIncident } from './account-error';
export { contestedIncident } from './contested';
export { groupDeletedIncident } from './group-deleted';
export { misconfiguredIncident } from './misconfigured';
export { remediationIncident } from './remediation';
export { tamperIncident } from './tamper';
