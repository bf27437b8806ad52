/**
 * What the executable sets on its own process before any command runs (bin.ts, and main.ts run
 * directly). Library code never calls it, so a program embedding `run()` keeps its environment.
 */

/** The AWS SDK's switch for its "Node.js >= 22" notice. */
export const SDK_NODE_NOTICE_SWITCH = 'AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED';

/**
 * Turns off the AWS SDK's Node.js version notice with the SDK's own switch (the one its team
 * gives for this notice, aws/aws-sdk-js-v3#7983). The SDK reads the switch when a client is made
 * (in each client's runtime config), not when a module is imported, so setting it here, before
 * any command runs, does not depend on import order; it also covers every copy of @aws-sdk/core
 * the bundle holds. Why silence it: on Node.js 20 it says that SDK versions published after
 * January 2027 will need Node.js 22. The CLI pins its SDK (and the bundle carries it), so nothing
 * a user of the CLI does picks such a version up; the notice is seven lines of noise on stderr
 * of every AWS command. The README recommends Node.js 22 (what Lambda runs). A value the user
 * set wins.
 */
export function prepareProcess(env: NodeJS.ProcessEnv = process.env): void {
  env[SDK_NODE_NOTICE_SWITCH] ??= 'true';
}
