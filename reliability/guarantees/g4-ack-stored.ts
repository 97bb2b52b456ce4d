import Database from 'better-sqlite3';
import type { ProbeClient } from '../lib/probe-client.js';
import { Cluster, deploy, where, type Deployment } from '../lib/cluster.js';
import type { ServerProcess } from '../lib/server-process.js';
import { userToken } from '../lib/server-process.js';
import { connected, cmid, fmt, openConversations, probe, sleep, until } from '../lib/world.js';

export interface G4Options {
  cycles: number;
  writers: number;
  /** The kill comes at a random moment in this window after the writers start. */
  killAfterMs: [number, number];
  /** The cluster runs: the lease of a node's presence (the killed node's visitors go after it). */
  presenceLeaseMs?: number;
  /** Three nodes on PostgreSQL: connections spread over them. */
  cluster?: boolean;
}

export const g4Full: G4Options = { cycles: 40, writers: 4, killAfterMs: [100, 900] };
export const g4Quick: G4Options = { cycles: 5, writers: 4, killAfterMs: [100, 500] };
/** Each kill takes the next node in turn, so every node (and whichever held a job's lock) dies in some cycle. */
export const g4ClusterFull: G4Options = { cycles: 12, writers: 6, killAfterMs: [100, 900], cluster: true };
/** A short lease (and grace) keeps the killed node's visitor check to seconds inside npm test. */
export const g4ClusterQuick: G4Options = { cycles: 2, writers: 4, killAfterMs: [100, 500], presenceLeaseMs: 3_000, cluster: true };

/**
 * G4: an acknowledged message survives the process being SIGKILLed at any moment; the file stays
 * intact and the event log has no holes.
 */
export async function g4AckStored(opts: G4Options) {
  // The visitor's grace (S-DLG-13) no longer than the lease, so the check waits for the lease alone.
  const short = opts.presenceLeaseMs ? ['--presence-lease-ms', String(opts.presenceLeaseMs), '--visitor-grace-ms', String(Math.min(10_000, opts.presenceLeaseMs))] : [];
  const server: Deployment = deploy(!!opts.cluster, { extraArgs: short });
  await server.start();
  const acked = new Map<string, { id: number; text: string }>();
  let attempts = 0;
  try {
    const { list } = await openConversations(server, opts.writers, ['g4-m1', 'g4-m2']);
    for (let cycle = 0; cycle < opts.cycles; cycle++) {
      if (!server.alive) await server.start();
      const writers: ProbeClient[] = [];
      for (let w = 0; w < opts.writers; w++) {
        const conv = list[w % list.length]!;
        const token = w % 2 ? userToken(conv.manager) : conv.visitorToken;
        writers.push(await connected(probe(server, token, { autoReconnect: false, keepEvents: false })));
      }
      let stop = false;
      const loops = writers.map(async (socket, w) => {
        const conv = list[w % list.length]!;
        while (!stop) {
          const id = cmid(`g4c${cycle}w${w}x`);
          const params: Record<string, unknown> = { clientMessageId: id, text: `g4 ${id}` };
          if (w % 2) params['conversationId'] = conv.id;
          attempts++;
          // Four in flight per writer: the kill lands between commit and ack as often as before commit.
          const batch = [0, 1, 2, 3].map((k) => {
            const kid = `${id}k${k}`;
            return socket.call('messages.send', { ...params, clientMessageId: kid, text: `g4 ${kid}` }).then((r) => acked.set(kid, { id: r.message.id, text: r.message.text }));
          });
          try {
            await Promise.all(batch);
          } catch {
            return; // the server is gone
          }
        }
      });
      await sleep(opts.killAfterMs[0] + Math.random() * (opts.killAfterMs[1] - opts.killAfterMs[0]));
      await server.kill();
      stop = true;
      await Promise.all(loops);
      for (const w of writers) w.stop();
    }

    if (!(server instanceof Cluster)) {
      // SQLite indexes messages for search after their send: a restart must index what the last
      // kill left waiting (its job runs every 100 ms), then the file is read with the server down.
      await server.start();
      await sleep(500);
      await server.kill('SIGTERM'); // a clean stop that keeps the file (stop() would remove it)
    }
    const found = server instanceof Cluster ? await inspectPostgres(server, acked) : inspectSqlite(server, acked);
    // The presence of a killed node's visitors ends with its lease (the cluster runs).
    const expiry = server instanceof Cluster ? await killedNodesVisitorExpires(server, opts) : undefined;
    return {
      cycles: opts.cycles,
      acked: acked.size,
      ...found,
      ...(expiry ?? {}),
      line: `G4 ack means stored${where(server)}: ${opts.cycles} SIGKILLs under ${opts.writers} writers, ${fmt(attempts * 4)} sends, ${fmt(acked.size)} acknowledged: ${found.missing} missing after restart, ${found.summary}${expiry ? `; ${expiry.summary}` : ''}`,
    };
  } finally {
    await server.stop();
  }
}

type Acked = ReadonlyMap<string, { id: number; text: string }>;

/** The SQLite file itself, with the server down: intact, every acknowledged message there, no holes. */
function inspectSqlite(server: ServerProcess, acked: Acked) {
  const db = new Database(server.dbFile);
  const integrity = (db.prepare('PRAGMA integrity_check').pluck().get() as string) ?? 'no answer';
  const byId = db.prepare('SELECT id, text FROM messages WHERE id = ?');
  let missing = 0;
  for (const { id, text } of acked.values()) {
    const row = byId.get(id) as { id: number; text: string } | undefined;
    if (!row || row.text !== text) missing++;
  }
  const ev = db.prepare('SELECT count(*) AS n, min(seq) AS lo, max(seq) AS hi FROM events').get() as { n: number; lo: number; hi: number };
  const seqHoles = ev.n === 0 ? 0 : ev.hi - ev.lo + 1 - ev.n;
  const msgs = db.prepare('SELECT count(*) AS n, min(id) AS lo, max(id) AS hi FROM messages').get() as { n: number; lo: number; hi: number };
  const idHoles = msgs.hi - msgs.lo + 1 - msgs.n;
  const created = db.prepare("SELECT count(*) FROM events WHERE name = 'message.created'").pluck().get() as number;
  const mode = db.prepare('PRAGMA journal_mode').pluck().get() as string;
  // The search index holds exactly the messages a search may find, each once (S-DLG-3).
  const indexable = new Set(db.prepare("SELECT id FROM messages WHERE author_kind <> 'system' AND deleted_at IS NULL").pluck().all() as number[]);
  const indexed = db.prepare('SELECT rowid FROM messages_fts').pluck().all() as number[];
  const indexedSet = new Set(indexed);
  const unindexed = [...indexable].filter((id) => !indexedSet.has(id)).length;
  const strayIndexRows = indexed.length - indexed.filter((id) => indexable.has(id)).length + (indexed.length - indexedSet.size);
  db.close();
  const eventsWithoutMessage = Math.abs(created - msgs.n);
  return {
    missing,
    integrity,
    seqHoles,
    idHoles,
    eventsWithoutMessage,
    unindexed,
    strayIndexRows,
    summary: `integrity_check ${integrity}, ${seqHoles} event seq holes, ${idHoles} message id holes, ${eventsWithoutMessage} messages without their event, search index after a restart: ${unindexed} messages missing, ${strayIndexRows} stray rows (journal ${mode}, synchronous NORMAL)`,
  };
}

/**
 * The PostgreSQL schema, read from outside the nodes: every acknowledged message there and each
 * message with its one `message.created`. Seqs and ids come from identity columns, whose values a
 * transaction cut off by a kill does not give back: gaps are counted and shown, not failures
 * (a seq is never reused and never becomes visible below one already handed on).
 */
async function inspectPostgres(cluster: Cluster, acked: Acked) {
  const ids = [...acked.values()].map((a) => a.id);
  const rows = await cluster.query<{ id: number; text: string }>('SELECT id::int AS id, text FROM messages WHERE id = ANY($1::bigint[])', [ids]);
  const byId = new Map(rows.map((r) => [r.id, r.text]));
  let missing = 0;
  for (const { id, text } of acked.values()) if (byId.get(id) !== text) missing++;
  const [ev] = await cluster.query<{ n: number; lo: number; hi: number }>('SELECT count(*)::int AS n, min(seq)::int AS lo, max(seq)::int AS hi FROM events');
  const [unmatched] = await cluster.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM messages m FULL JOIN (SELECT (data::jsonb -> 'message' ->> 'id')::bigint AS id, count(*) AS k FROM events WHERE name = 'message.created' GROUP BY 1) e ON e.id = m.id
     WHERE m.id IS NULL OR e.id IS NULL OR e.k <> 1`,
  );
  const seqGaps = ev!.n === 0 ? 0 : ev!.hi - ev!.lo + 1 - ev!.n;
  // No file to check, and seq/id gaps are allowed here (above): no `integrity`, `seqHoles`, `idHoles`.
  return {
    missing,
    eventsWithoutMessage: unmatched!.n,
    summary: `${unmatched!.n} messages without exactly one message.created event, ${seqGaps} seq values skipped by cut-off transactions (PostgreSQL)`,
  };
}

/**
 * A visitor connected to one node that is then SIGKILLed: a manager on another node sees the
 * visitor online until the dead node's lease runs out; then a reply fails at once with
 * `visitor_left` (S-DLG-13), and the replies sent meanwhile, to the dead node's socket, fail too.
 */
async function killedNodesVisitorExpires(cluster: Cluster, opts: G4Options) {
  const lease = opts.presenceLeaseMs ?? 15_000;
  const [victim, other] = cluster.nodes.filter((n) => n.alive);
  if (!victim || !other) throw new Error('G4: the presence check needs two live nodes');
  const { list } = await openConversations(cluster, 1, ['g4-presence']);
  const conv = list[0]!;
  const visitor = await connected(probe(victim, conv.visitorToken, { autoReconnect: false, keepEvents: false }));
  const manager = await connected(probe(other, userToken(conv.manager), { autoReconnect: false }));
  try {
    const reply = async () => (await manager.call('messages.send', { conversationId: conv.id, clientMessageId: cmid('g4p'), text: 'still there?' })).message;
    await sleep(300);
    const before = await reply();
    const killedAt = Date.now();
    await victim.kill();
    const sentMeanwhile: number[] = [];
    let goneAfterMs = -1;
    while (Date.now() - killedAt < 3 * lease) {
      const m = await reply();
      if (m.status === 'failed') {
        goneAfterMs = Date.now() - killedAt;
        break;
      }
      sentMeanwhile.push(m.id);
      await sleep(250);
    }
    // The replies that went to the dead socket meanwhile end failed too.
    const failed = new Set<number>();
    await until(() => {
      for (const e of manager.events) if (e.name === 'message.status' && e.data.status === 'failed') for (const id of e.data.messageIds) failed.add(id);
      return sentMeanwhile.every((id) => failed.has(id));
    }, 5_000);
    const unsettled = sentMeanwhile.filter((id) => !failed.has(id)).length;
    const limitMs = lease + Math.ceil(lease / 3) + 1_000;
    return {
      presenceBefore: before.status,
      goneAfterMs,
      presenceLimitMs: limitMs,
      unsettled,
      summary: `a killed node's visitor: replies ${before.status} before the kill, failed (visitor_left) ${goneAfterMs < 0 ? 'NEVER' : `${(goneAfterMs / 1000).toFixed(1)} s`} after it (lease ${lease / 1000} s, limit ${(limitMs / 1000).toFixed(1)} s); ${sentMeanwhile.length} replies sent meanwhile, ${unsettled} of them not failed after`,
    };
  } finally {
    visitor.stop();
    manager.stop();
  }
}
