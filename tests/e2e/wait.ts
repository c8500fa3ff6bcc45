/** Waits for a condition, polling on the wall clock, with a bound that fails loudly. */
export async function waitFor(
  cond: () => boolean,
  opts: { timeoutMs: number; what: string; pollMs?: number },
): Promise<void> {
  const start = Date.now();
  while (!cond()) {
    if (Date.now() - start > opts.timeoutMs)
      throw new Error(`timed out after ${opts.timeoutMs} ms waiting for ${opts.what}`);
    await new Promise((r) => setTimeout(r, opts.pollMs ?? 20));
  }
}
