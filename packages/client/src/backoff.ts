/**
 * Exponential backoff with full jitter: a restarted server is not hit by every client at the
 * same instant. `attempt` starts at 0.
 */
export function backoffDelay(attempt: number, baseMs = 300, maxMs = 15_000, random = Math.random): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.min(attempt, 16));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

/** Reconnect attempts that stay within a second of each other: about the first ten seconds of an outage. */
export const QUICK_RECONNECTS = 10;
const QUICK_RECONNECT_MAX_MS = 1_000;

/**
 * The wait before a reconnect attempt: the same jittered backoff, but no longer than a second for
 * the first QUICK_RECONNECTS attempts. A restart takes a second or two; a client that backed off
 * to 2.4 or 4.8 s meanwhile came back seconds after the server did, and a whole page of them came
 * back as a wave. Full jitter spreads the retries; a refused connection costs the server
 * nothing, so retrying every second for a while is cheap.
 */
export const reconnectDelay = (attempt: number, baseMs = 300, maxMs = 15_000, random = Math.random): number =>
  backoffDelay(attempt, baseMs, attempt < QUICK_RECONNECTS ? Math.min(maxMs, QUICK_RECONNECT_MAX_MS) : maxMs, random);
