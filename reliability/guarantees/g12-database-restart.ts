import { execFile } from 'node:child_process';
import { readdirSync } from 'node:fs';
import type { ProbeClient } from '../lib/probe-client.js';
import { applicationName } from '@chatdesk/server/testing';
import { Cluster } from '../lib/cluster.js';
import { userToken } from '../lib/server-process.js';
import { connected, cmid, fmt, openConversations, probe, sleep, until } from '../lib/world.js';

export interface G12Options {
  writers: number;
  /** How long the writers write, and the outages within it (ms from the start). */
  runMs: number;
  outagesAtMs: number[];
  /**
   * `restart`: PostgreSQL itself restarts (pg_ctlcluster, root only: the soak); `terminate`:
   * every connection of the cluster's nodes is cut at once (pg_terminate_backend), which the
   * nodes meet as a restart does, without touching anything else on the server (npm test).
   */
  how: 'restart' | 'terminate';
}

export const g12Full: G12Options = { writers: 12, runMs: 30_000, outagesAtMs: [8_000, 20_000], how: 'restart' };
export const g12Quick: G12Options = { writers: 4, runMs: 4_000, outagesAtMs: [1_500], how: 'terminate' };

/**
 * G12: PostgreSQL goes away under load and comes back. Writers keep sending, resending every
 * unacknowledged client message id (as the client's outbox does) until it is acknowledged; an
 * observer on each node, reconnecting by itself, must end with every message once, in order,
 * having resumed rather than resynced; no node process may die; every acknowledged message is
 * stored once.
 */
export async function g12DatabaseRestart(opts: G12Options) {
  const cluster = new Cluster();
  await cluster.start();
  const sessions: ProbeClient[] = [];
  try {
    const { list } = await openConversations(cluster, opts.writers, ['g12-m1', 'g12-m2']);
    // One observer per node; they reconnect (to the next node) after every cut.
    const observers: ProbeClient[] = [];
    for (let i = 0; i < cluster.nodes.length; i++) {
      const o = await connected(probe(cluster, userToken(`g12-observer-${i}`, ['chats', 'admin']), { reconnectDelayMs: 100 }));
      observers.push(o);
      sessions.push(o);
    }
    const baselines = observers.map((o) => o.lastSeq!);

    const acked = new Map<string, number>();
    let attempts = 0;
    let refused = 0;
    let writing = true;
    const writers = list.map(async (conv, w) => {
      const token = w % 2 ? userToken(conv.manager) : conv.visitorToken;
      const socket = await connected(probe(cluster, token, { reconnectDelayMs: 100, keepEvents: false }));
      sessions.push(socket);
      let k = 0;
      while (writing) {
        const id = cmid(`g12w${w}x${k++}`);
        const params: Record<string, unknown> = { clientMessageId: id, text: `g12 ${id}` };
        if (w % 2) params['conversationId'] = conv.id;
        // Until acknowledged, as an outbox does: the same id each time.
        for (;;) {
          attempts++;
          try {
            const r = await socket.call('messages.send', params);
            acked.set(id, r.message.id);
            break;
          } catch {
            refused++;
            await sleep(100);
          }
        }
        await sleep(20);
      }
    });

    const started = Date.now();
    const outages: number[] = [];
    for (const at of opts.outagesAtMs) {
      await sleep(Math.max(0, started + at - Date.now()));
      const t = Date.now();
      if (opts.how === 'restart') await restartPostgres();
      else await cutConnections(cluster);
      outages.push(Date.now() - t);
    }
    await sleep(Math.max(0, started + opts.runMs - Date.now()));
    writing = false;
    const finished = await Promise.race([Promise.all(writers).then(() => true), sleep(60_000).then(() => false)]);
    const alive = cluster.nodes.filter((n) => n.alive).length;

    // Every acknowledged message stored once.
    const ids = [...acked.values()];
    const rows = await cluster.query<{ id: number }>('SELECT id::int AS id FROM messages WHERE id = ANY($1::bigint[])', [ids]);
    const missing = ids.length - rows.length;
    const [dup] = await cluster.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM (SELECT client_message_id FROM messages WHERE text LIKE 'g12 %' GROUP BY client_message_id, author_kind, author_id HAVING count(*) > 1) d",
    );
    const [head] = await cluster.query<{ seq: number }>('SELECT max(seq)::int AS seq FROM events');

    // Every observer heard every stored message once, in seq order, and resumed after the cuts.
    await until(() => observers.every((o) => o.open && (o.lastSeq ?? 0) >= head!.seq), 30_000);
    const stored = new Set((await cluster.query<{ id: number }>("SELECT id::int AS id FROM messages WHERE text LIKE 'g12 %'")).map((r) => r.id));
    let lost = 0;
    let doubled = 0;
    let outOfOrder = 0;
    let resumed = 0;
    let resynced = 0;
    observers.forEach((o, i) => {
      const heard = o.events.filter((e) => e.seq > baselines[i]! && e.name === 'message.created' && e.data.message.text.startsWith('g12 ')).map((e) => e.data.message.id as number);
      const once = new Set(heard);
      doubled += heard.length - once.size + o.duplicates;
      outOfOrder += o.outOfOrder;
      for (const id of stored) if (!once.has(id)) lost++;
      resumed += o.resumed;
      resynced += o.resyncs + (o.welcomes - 1 - o.resumed);
    });
    return {
      acked: acked.size,
      finished,
      alive,
      nodes: cluster.nodes.length,
      missing,
      duplicates: dup!.n,
      lost,
      doubled,
      outOfOrder,
      resumed,
      resynced,
      line: `G12 database ${opts.how === 'restart' ? 'restarted' : 'connections cut'} under load on ${cluster.nodes.length} nodes: ${opts.outagesAtMs.length} outage(s) (${outages.map((ms) => `${ms} ms`).join(', ')} to ${opts.how === 'restart' ? 'restart' : 'cut'}), ${opts.writers} writers resending until acknowledged: ${fmt(attempts)} attempts, ${fmt(refused)} refused or cut, ${fmt(acked.size)} acknowledged, ${missing} missing, ${dup!.n} stored twice; ${observers.length} observers: ${lost} lost, ${doubled} doubled, ${outOfOrder} out of order, ${resumed} resumes, ${resynced} resyncs; ${alive}/${cluster.nodes.length} nodes alive`,
    };
  } finally {
    for (const s of sessions) s.stop();
    await cluster.stop();
  }
}

/** Every connection the cluster's nodes hold, cut by the server (as a restart cuts them). */
async function cutConnections(cluster: Cluster): Promise<void> {
  await cluster.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1 AND pid <> pg_backend_pid()", [applicationName(cluster.schema)]);
}

/** Asynchronous: the writers keep sending (and being refused) while PostgreSQL is down. */
function restartPostgres(): Promise<void> {
  const version = readdirSync('/etc/postgresql')[0]!;
  return new Promise((resolve, reject) =>
    execFile('pg_ctlcluster', ['--skip-systemctl-redirect', version, 'main', 'restart', '-m', 'fast'], (err) => (err ? reject(err) : resolve())),
  );
}
