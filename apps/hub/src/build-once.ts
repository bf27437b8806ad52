/**
 * What both Lambda entries do with their runtime: build it on the first invocation (not at
 * import), reuse it while the execution environment is warm, and build it again on the next
 * invocation if the build failed (a bad environment is not cached).
 */
export function buildOnce<R>(build: () => R): () => Promise<R> {
  let ready: Promise<R> | undefined;
  return async () => {
    ready ??= Promise.resolve().then(build);
    const current = ready;
    try {
      return await current;
    } catch (error) {
      if (ready === current) ready = undefined;
      throw error;
    }
  };
}
