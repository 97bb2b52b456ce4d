import type { ProbeClient } from '../lib/probe-client.js';
import { ServerProcess, userToken } from '../lib/server-process.js';
import { connected, fmt, probe, sleep } from '../lib/world.js';

export interface G5Options {
  sockets: number;
  silent: number;
  heartbeatMs: number;
}

export const g5Full: G5Options = { sockets: 200, silent: 50, heartbeatMs: 1_000 };
export const g5Quick: G5Options = { sockets: 60, silent: 15, heartbeatMs: 400 };

/**
 * Slack on top of two heartbeat intervals: the server's interval timer fires late under load, and
 * the drop is seen through /health polled every `pollMs`, each poll an HTTP round trip.
 */
export const G5_SLACK_MS = 250;

/**
 * G5: peers that stop answering pings are dropped within two heartbeat intervals + G5_SLACK_MS,
 * measured from the moment they stop reading to the moment the server's session count has fallen
 * by all of them. (A peer that stops right after answering a ping is marked at the next beat and
 * cut at the one after: two intervals is the protocol's bound; the slack is the measurement's.)
 */
export async function g5Liveness(opts: G5Options) {
  const server = new ServerProcess({ heartbeatMs: opts.heartbeatMs });
  await server.start();
  const all: ProbeClient[] = [];
  try {
    const baseline = (await server.health()).sessions;
    for (let i = 0; i < opts.sockets; i++) {
      all.push(await connected(probe(server, userToken(`g5-u${i % 20}`), { autoReconnect: false, keepEvents: false })));
    }
    const withAll = (await server.health()).sessions;
    const silent = all.slice(0, opts.silent);
    const pollMs = Math.max(20, opts.heartbeatMs / 20);
    const limitMs = opts.heartbeatMs * 2 + G5_SLACK_MS;
    const stoppedAt = Date.now();
    for (const p of silent) p.stopReading();
    // Dropped means the server closed them: its session count falls by exactly the silent ones.
    const target = withAll - opts.silent;
    let sessions = withAll;
    while (Date.now() - stoppedAt < opts.heartbeatMs * 4) {
      sessions = (await server.health()).sessions;
      if (sessions <= target) break;
      await sleep(pollMs);
    }
    const droppedAfterMs = Date.now() - stoppedAt;
    const healthyOpen = all.slice(opts.silent).filter((p) => p.open).length;
    for (const p of all) p.stop();
    let final = -1;
    const end = Date.now() + 5_000;
    while (Date.now() < end) {
      final = (await server.health()).sessions;
      if (final === baseline) break;
      await sleep(50);
    }
    return {
      dropped: withAll - sessions,
      droppedAfterMs,
      withinLimit: sessions <= target && droppedAfterMs <= limitMs,
      limitMs,
      healthyOpen,
      expectedHealthy: opts.sockets - opts.silent,
      baselineRestored: final === baseline,
      line: `G5 liveness: ${fmt(opts.sockets)} sockets, ${opts.silent} stopped answering pings: ${withAll - sessions} dropped, the last ${fmt(droppedAfterMs)} ms after they stopped reading (session count polled every ${fmt(pollMs)} ms; heartbeat ${fmt(opts.heartbeatMs)} ms; limit 2 intervals + ${G5_SLACK_MS} ms slack = ${fmt(limitMs)} ms), ${healthyOpen}/${opts.sockets - opts.silent} healthy still open, session count back to baseline: ${final === baseline ? 'yes' : `no (${final} vs ${baseline})`}`,
    };
  } finally {
    for (const p of all) p.stop();
    await server.stop();
  }
}
