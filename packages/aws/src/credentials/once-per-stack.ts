import type { ClientPlugin } from '../options';

/**
 * fromTemporaryCredentials re-applies its `clientPlugins` to its STS client on every refresh; a
 * plugin whose middleware has a fixed name would then fail as a duplicate (and an unnamed one would
 * run twice). This wrapper applies a plugin to a given middleware stack once.
 */
export function oncePerStack(plugin: ClientPlugin): ClientPlugin {
  const applied = new WeakSet<object>();
  return {
    applyToStack(stack) {
      if (applied.has(stack)) return;
      applied.add(stack);
      plugin.applyToStack(stack);
    },
  };
}
