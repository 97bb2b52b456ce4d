/*
 * A figure's one-off preparation (generating the 1M-message dataset, building the PostgreSQL
 * template, folding the analytics rollups) is not the figure: on a fresh machine it alone can
 * take minutes. The runner (run.ts) stops a figure's timeout while its child says it prepares.
 */

/** Tells the runner, and waits until the message left: sync work right after would hold it back. */
function tell(on: boolean): Promise<void> {
  const send = process.send?.bind(process);
  if (!send) return Promise.resolve();
  return new Promise((resolve) => send({ type: 'preparing', on }, undefined, {}, () => resolve()));
}

/** Runs `what` with the runner's timeout stopped. */
export async function preparing<T>(what: () => T | Promise<T>): Promise<T> {
  await tell(true);
  try {
    return await what();
  } finally {
    await tell(false);
  }
}
