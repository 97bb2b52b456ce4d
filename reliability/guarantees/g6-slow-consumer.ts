import type { ProbeClient } from '../lib/probe-client.js';
import { ServerProcess, userToken } from '../lib/server-process.js';
import { connected, cmid, fmt, openConversations, percentile, probe, sleep, until } from '../lib/world.js';

export interface G6Options {
  megabytes: number;
  healthy: number;
  sendBufferCap: number;
}

export const g6Full: G6Options = { megabytes: 50, healthy: 100, sendBufferCap: 4 * 1024 * 1024 };
export const g6Quick: G6Options = { megabytes: 8, healthy: 20, sendBufferCap: 1024 * 1024 };

/**
 * G6: a client that stops reading is cut off past the send-buffer cap instead of growing the
 * server's memory; healthy clients keep low latency; the slow one resumes without loss.
 */
export async function g6SlowConsumer(opts: G6Options) {
  const server = new ServerProcess({ sendBufferCap: opts.sendBufferCap });
  await server.start();
  const all: ProbeClient[] = [];
  try {
    const [conv] = (await openConversations(server, 1, ['g6-m1'])).list;
    const latencies: number[] = [];
    const healthy: ProbeClient[] = [];
    for (let i = 0; i < opts.healthy; i++) {
      const p = await connected(probe(server, userToken(`g6-admin-${i}`, ['chats', 'admin']), { keepEvents: i === 0 }));
      p.onEvent = (e) => {
        if (e.name !== 'message.created') return;
        const m = /^t=(\d+) /.exec(e.data.message.text);
        if (m) latencies.push(Date.now() - Number(m[1]));
      };
      healthy.push(p);
      all.push(p);
    }
    const reference = healthy[0]!;
    const slow = await connected(probe(server, userToken('g6-m1'), { reconnectDelayMs: 50 }));
    all.push(slow);
    const slowBaseline = slow.lastSeq!;
    // Several sockets of the visitor write: one socket may send only 100 frames/s.
    const writers: ProbeClient[] = [];
    for (let i = 0; i < 16; i++) {
      const w = await connected(probe(server, conv!.visitorToken, { autoReconnect: false, keepEvents: false }));
      writers.push(w);
      all.push(w);
    }

    slow.stopReading();
    const rssBefore = server.rss();
    let rssPeak = rssBefore;
    const sampler = setInterval(() => {
      rssPeak = Math.max(rssPeak, server.rss());
    }, 100);

    // Near the longest message S-DLG-12 allows (2000 visible characters), ~4 KB of UTF-8.
    const body = 'я'.repeat(1980);
    let sent = 0;
    const target = opts.megabytes * 1024 * 1024;
    const started = Date.now();
    let rounds = 0;
    while (reference.bytesReceived < target) {
      // Paced at 80 frames/s per socket, under the server's rate limit.
      const allowed = Math.floor(((Date.now() - started) / 1000) * 80) + 1;
      if (rounds >= allowed) {
        await sleep(5);
        continue;
      }
      rounds++;
      await Promise.all(writers.map((w) => w.call('messages.send', { clientMessageId: cmid('g6'), text: `t=${Date.now()} ${body}` })));
      sent += writers.length;
    }
    const publishSeconds = (Date.now() - started) / 1000;
    await until(() => reference.events.filter((e) => e.name === 'message.created').length >= sent, 60_000);
    clearInterval(sampler);
    const published = reference.bytesReceived;
    const sessionsBeforeResume = (await server.health()).sessions;
    const slowWasCut = sessionsBeforeResume === opts.healthy + writers.length; // all but the slow one

    slow.resumeReading();
    const refSeqs = reference.events.filter((e) => e.seq > slowBaseline).map((e) => e.seq);
    const caughtUp = await until(() => slow.open && (slow.lastSeq ?? 0) >= refSeqs[refSeqs.length - 1]!, 60_000);
    // A gap over the server's replay cap (10,000 events) is answered with RESYNC_REQUIRED: the
    // client then refetches the history (as ChatClient does). Nothing may be missing either way.
    const messageIds = (events: typeof slow.events) =>
      events.filter((e) => e.seq > slowBaseline && e.name === 'message.created').map((e) => e.data.message.id as number);
    const have = new Set(messageIds(slow.events));
    let refetched = 0;
    if (slow.resyncs > 0) {
      let before: number | undefined;
      for (;;) {
        const page: any = await slow.call('messages.list', before ? { conversationId: conv!.id, before, limit: 100 } : { conversationId: conv!.id, limit: 100 });
        for (const m of page.messages) if (!have.has(m.id)) (have.add(m.id), refetched++);
        if (!page.hasMore || page.messages.length === 0) break;
        before = page.messages[0].id;
      }
    }
    const lost = messageIds(reference.events).filter((id) => !have.has(id)).length;
    latencies.sort((a, b) => a - b);
    const closeCode = slow.closes[0];
    return {
      slowWasCut,
      closeCode,
      lost,
      caughtUp,
      resynced: slow.resyncs > 0,
      duplicates: slow.duplicates,
      rssGrowthMb: (rssPeak - rssBefore) / 1024 / 1024,
      p50: percentile(latencies, 50),
      p99: percentile(latencies, 99),
      line: `G6 slow consumer: ${fmt(sent)} messages (~${fmt(Math.round(published / 1024 / 1024))} MB per client) to ${opts.healthy} healthy clients and 1 that stopped reading, in ${publishSeconds.toFixed(1)} s: slow client cut off past the ${fmt(opts.sendBufferCap / 1024)} KiB cap: ${slowWasCut ? 'yes' : 'no'} (close code seen ${closeCode ?? 'none'}), server RSS grew ${((rssPeak - rssBefore) / 1024 / 1024).toFixed(0)} MB at peak, healthy latency p50 ${percentile(latencies, 50)} ms / p99 ${percentile(latencies, 99)} ms, after resuming: ${slow.resyncs ? `gap over the replay cap → RESYNC_REQUIRED, ${fmt(refetched)} messages refetched` : 'replayed'}, ${lost} lost, ${slow.duplicates} duplicated`,
    };
  } finally {
    for (const p of all) p.stop();
    await server.stop();
  }
}
