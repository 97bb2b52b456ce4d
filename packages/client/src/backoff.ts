/**
 * Exponential backoff with full jitter: a restarted server is not hit by every client at the
 * same instant. `attempt` starts at 0.
 */
export function backoffDelay(attempt: number, baseMs = 300, maxMs = 15_000, random = Math.random): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.min(attempt, 16));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}
