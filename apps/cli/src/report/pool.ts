/**
 * Runs `work` on every item with at most `limit` in flight, results in the items' order: an
 * organization's account x regions are read in parallel without exceeding what EC2's and STS's
 * rate limits (and the machine's sockets) take.
 */
export async function mapBounded<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(Math.max(1, limit), items.length) }, worker));
  return results;
}
