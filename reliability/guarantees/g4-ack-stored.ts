import Database from 'better-sqlite3';
import type { ProbeClient } from '../lib/probe-client.js';
import { ServerProcess, userToken } from '../lib/server-process.js';
import { connected, cmid, fmt, openConversations, probe, sleep } from '../lib/world.js';

export interface G4Options {
  cycles: number;
  writers: number;
  /** The kill comes at a random moment in this window after the writers start. */
  killAfterMs: [number, number];
}

export const g4Full: G4Options = { cycles: 40, writers: 4, killAfterMs: [100, 900] };
export const g4Quick: G4Options = { cycles: 5, writers: 4, killAfterMs: [100, 500] };

/**
 * G4: an acknowledged message survives the process being SIGKILLed at any moment; the file stays
 * intact and the event log has no holes.
 */
export async function g4AckStored(opts: G4Options) {
  const server = new ServerProcess();
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

    // Inspect the file itself with the server down.
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
    db.close();
    return {
      cycles: opts.cycles,
      acked: acked.size,
      missing,
      integrity,
      seqHoles,
      idHoles,
      eventsWithoutMessage: Math.abs(created - msgs.n),
      line: `G4 ack means stored: ${opts.cycles} SIGKILLs under ${opts.writers} writers, ${fmt(attempts * 4)} sends, ${fmt(acked.size)} acknowledged: ${missing} missing after restart, integrity_check ${integrity}, ${seqHoles} event seq holes, ${idHoles} message id holes, ${Math.abs(created - msgs.n)} messages without their event (journal ${mode}, synchronous NORMAL)`,
    };
  } finally {
    await server.stop();
  }
}
