/** `guardrail hub run`: settings, poll loop and command live in ../hub/. */
export { type HubRunDeps, registerHubCommand, runHub } from '../hub/command';
export { type PollDeps, type PollStats, pollQueue } from '../hub/poll';
export { type HubRunOptions, type HubRunSettings, resolveHubSettings } from '../hub/settings';
