import net from 'node:net';
import fc from 'fast-check';
import WebSocket from 'ws';
import { closeCodes, echoCallId, isDeclaredError, isMethodName, methods } from '@chatdesk/protocol';
import { ORIGIN, ServerProcess, userToken } from '../lib/server-process.js';
import { fmt, openConversations, sleep, until } from '../lib/world.js';

export interface G7Options {
  frames: number;
  sockets: number;
  flood: number;
  seed?: number;
}

export const g7Full: G7Options = { frames: 10_000, sockets: 10, flood: 20_000 };
export const g7Quick: G7Options = { frames: 1_500, sockets: 6, flood: 5_000 };

const documented: Set<number> = new Set(Object.values(closeCodes).map((c) => c.code));

type Hostile = { kind: 'text'; text: string; callId?: number | string; method?: string } | { kind: 'binary'; bytes: Uint8Array } | { kind: 'raw-utf8'; bytes: Uint8Array };

function deep(depth: number): string {
  return '['.repeat(depth) + ']'.repeat(depth);
}

/** Frames a hostile or broken client might send; call frames carry a fresh id to be answered. */
function hostileFrames(count: number, seed: number): Hostile[] {
  const methodNames = [...Object.keys(methods), '__proto__', 'constructor', 'toString', 'hasOwnProperty', 'messages.send ', 'MESSAGES.SEND', ''];
  const loneSurrogate = fc.constantFrom('\uD800', '\uDFFF', 'a\uDC00b', '\uD83D');
  const nasty = fc.oneof(
    fc.jsonValue({ maxDepth: 4 }),
    fc.string({ unit: 'grapheme', maxLength: 200 }),
    loneSurrogate,
    fc.integer(),
    fc.double(),
    fc.constant(null),
    fc.constant('x'.repeat(3_000)), // long enough for every length limit but the message text; oversize frames are a case of their own
    fc.constant({ __proto__: { admin: true } }),
    fc.constant(JSON.parse('{"__proto__": {"polluted": 1}, "constructor": {"prototype": {"polluted": 1}}}')),
    fc.constant(-1),
    fc.constant(2 ** 53 + 1),
    // FTS5 query syntax that must never reach MATCH unquoted (S-DLG-3 search).
    fc.constantFrom('"unterminated', 'NEAR(a b', 'a OR', '*', '^x', 'text:x', '{text}: x', 'a AND NOT', '""', "'; DROP TABLE messages; --", '%_\\'),
  );
  const params = fc.oneof(
    nasty,
    fc.record({
      conversationId: nasty,
      clientMessageId: nasty,
      // Quick replies' templates (S-QR-4) among the texts: bombs, sandbox probes, broken syntax.
      text: fc.oneof(
        nasty,
        fc.constantFrom(
          '{% for i in 1..100000000 %}x{% endfor %}',
          '{% for a in 1..1000 %}{% for b in 1..1000 %}{{ a }}{% endfor %}{% endfor %}',
          "{% set s = 'xxxxxxxxxx' %}{% for i in 1..30 %}{% set s = s ~ s %}{% endfor %}{{ s }}",
          '{{ customer.constructor.constructor("return process")() }}',
          '{{ _self }}{{ _context }}{{ customer.__proto__ }}',
          "{% include 'x' %}",
          '{% macro m() %}{{ _self.m() }}{% endmacro %}',
          '{{ customer.firstName',
          '{% if %}',
        ),
      ),
      limit: nasty,
      before: nasty,
      cursor: nasty,
      messageId: nasty,
      // Issue 5's methods: queue, search, prefs, settings.
      query: nasty,
      assigneeId: nasty,
      customerId: nasty,
      blocked: nasty,
      sort: nasty,
      filter: fc.oneof(nasty, fc.record({ status: nasty, channelId: nasty, assigneeId: nasty, unreadOnly: nasty, unansweredOnly: nasty }, { requiredKeys: [] })),
      listSort: nasty,
      listFilter: nasty,
      assignmentManagerIds: fc.oneof(nasty, fc.array(nasty, { maxLength: 5 })),
      autoCloseAssignedMs: nasty,
      distributionBot: fc.oneof(nasty, fc.record({ enabled: nasty, capacity: nasty, managerIds: nasty, closeAfterMs: nasty, saveNewCustomers: nasty }, { requiredKeys: [] })),
      // Issue 16's settings: always invalid somewhere (a valid save of chatsEnabled: false would
      // be a legitimate call, not a hostile one): script links, huge texts, times off the 30 s grid.
      version: nasty,
      displayMode: nasty,
      privacy: fc.oneof(nasty, fc.record({
        enabled: fc.constant(true),
        text: fc.oneof(nasty, fc.constant('ы'.repeat(2_001))),
        link: fc.constantFrom('javascript:alert(1)', 'JAVASCRIPT:alert(1)', 'data:text/html,<script>alert(1)</script>', ' https://x', '', 'vbscript:x', `https://${'a'.repeat(3_000)}`),
        excludedChannelIds: nasty,
      })),
      timeLimits: fc.oneof(nasty, fc.record({
        default: fc.record({ warningMs: fc.constantFrom(-30_000, 0, 29_999, 30_000.5, 45_000, 2 ** 53 + 1), processingMs: fc.constantFrom(-60_000, 45_000, 59_999.9, -0) }),
        perChannel: fc.oneof(nasty, fc.dictionary(fc.string({ maxLength: 5 }), nasty, { maxKeys: 3 })),
      })),
      widgets: fc.oneof(nasty, fc.record({ storeByChannel: nasty, order: nasty, products: nasty, tasks: nasty, orderMethod: nasty, orderType: nasty }, { requiredKeys: [] })),
      // Issue 6's methods: replies, edits, drafts, typing, internal chats.
      replyToId: nasty,
      typing: nasty,
      chatId: nasty,
      memberIds: fc.oneof(nasty, fc.array(nasty, { maxLength: 60 })),
      title: nasty,
      // Issue 14's methods: files (files.token, files.list) and attachments on sends.
      attachmentIds: fc.oneof(nasty, fc.array(nasty, { maxLength: 12 })),
      kind: nasty,
      // Issue 17's CRM calls: customers with script and oversized fields, phones that are not,
      // duplicate offers, negative and fractional quantities and prices, ids of other records.
      customer: fc.oneof(nasty, fc.record({ firstName: nasty, lastName: nasty, phones: fc.oneof(nasty, fc.array(fc.constantFrom('<script>', '+7 (916) 123-45-67', '12', '+'.repeat(40)), { maxLength: 8 })), email: fc.constantFrom('x', 'a@b', '<img src=x onerror=alert(1)>@x.ru', ''), address: nasty }, { requiredKeys: [] })),
      patch: fc.oneof(nasty, fc.record({ tags: fc.oneof(nasty, fc.array(fc.constantFrom('vip', 'bad', 'gold', '__proto__'), { maxLength: 4 })), email: nasty, phones: nasty }, { requiredKeys: [] })),
      crmCustomerId: nasty,
      intoCrmCustomerId: nasty,
      items: fc.oneof(nasty, fc.array(fc.record({ offerId: fc.oneof(nasty, fc.constant('p1-1')), quantity: fc.constantFrom(0, -1, 1.5, 10_001, 2 ** 53) }), { maxLength: 4 })),
      delivery: fc.oneof(nasty, fc.record({ type: nasty, address: nasty, date: fc.constantFrom('2026-13-45', 'tomorrow', '') }, { requiredKeys: [] })),
      paymentType: nasty,
      orderId: nasty,
      taskId: nasty,
      deadline: nasty,
      performerId: nasty,
      mine: nasty,
      // Cards (crm.sendProducts): too many offers, the same twice, ids of other stores.
      command: fc.oneof(nasty, fc.constantFrom('/hi', 'hi there', '/' + 'x'.repeat(40), '__proto__', 'constructor', 'HI')),
      categoryId: nasty,
      replyId: nasty,
      name: nasty,
      id: nasty,
      offerIds: fc.oneof(nasty, fc.array(fc.oneof(nasty, fc.constantFrom('p1-1', 'p1-1', '__proto__')), { maxLength: 14 })),
      // Issue 19's analytics.report: dates that are not, ranges backwards or too long, zones that do not exist.
      from: fc.oneof(nasty, fc.constantFrom('2026-02-30', '2026-11-01', '0000-01-01', '9999-12-31', '2026-1-1', '1.11.2026')),
      to: fc.oneof(nasty, fc.constantFrom('2026-10-01', '2026-11-30', '2028-01-01', '2026-11-31')),
      timeZone: fc.oneof(nasty, fc.constantFrom('Europe/Moscow', 'Asia/Kathmandu', 'Mars/Olympus', '+03:00', 'UTC', 'x'.repeat(65))),
      groupBy: fc.oneof(nasty, fc.constantFrom('channel', 'store', 'manager', 'customer')),
      series: fc.oneof(nasty, fc.constantFrom('day', 'week', 'month')),
    }, { requiredKeys: [] }),
  );
  const call = fc.record({ method: fc.constantFrom(...methodNames), params, style: fc.nat(9), idStyle: fc.nat(6) });
  const arb = fc.oneof(
    { weight: 6, arbitrary: call.map((c) => ({ kind: 'call' as const, ...c })) },
    { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }).map((value) => ({ kind: 'json' as const, value })) },
    { weight: 1, arbitrary: fc.string({ maxLength: 100 }).map((text) => ({ kind: 'garbage' as const, text })) },
    { weight: 1, arbitrary: fc.nat(5).map((n) => ({ kind: 'special' as const, n })) },
  );
  const samples = fc.sample(arb, { numRuns: count, seed });
  let id = 1;
  return samples.map((s): Hostile => {
    switch (s.kind) {
      case 'call': {
        // Ids of every kind a client may pick, and some the server refuses (too long, empty):
        // each must come back, as the README's rule says, in the answer.
        const n = id++;
        const sent: number | string = [`s-${n}`, n, n, -n, n + 0.5, `${n}-${'long'.repeat(30)}`, `${n}-ид-😀`][s.idStyle] ?? n;
        const callId = echoCallId(sent) as number | string;
        const frame = { type: 'call', id: sent, method: s.method, params: s.params };
        let text = JSON.stringify(frame);
        // Keys JSON.stringify drops or escapes: put the raw forms on the wire too.
        if (s.style === 7) text = text.replace('"params":', '"__proto__":{"x":1},"params":');
        if (s.style === 8) text = text.slice(0, -1) + `,"extra":${deep(200)}}`;
        return { kind: 'text', text, callId, method: s.method };
      }
      case 'json':
        return { kind: 'text', text: JSON.stringify(s.value) ?? 'null' };
      case 'garbage':
        return { kind: 'text', text: s.text };
      case 'special':
        switch (s.n) {
          case 0:
            return { kind: 'binary', bytes: new Uint8Array([1, 2, 3, 0, 255]) };
          case 1:
            return { kind: 'raw-utf8', bytes: new Uint8Array([0x7b, 0xc3, 0x28, 0x7d]) }; // invalid UTF-8
          case 2:
            return { kind: 'text', text: deep(20_000) };
          case 3:
            return { kind: 'text', text: JSON.stringify({ type: 'call', id: id++, method: 'messages.send', params: { text: 'x'.repeat(70_000), clientMessageId: 'a' } }) };
          case 4:
            return { kind: 'text', text: JSON.stringify({ type: 'hello', token: 'again' }) };
          default:
            return { kind: 'text', text: `{"type":"call","id":${id++},"method":"conversations.get","params":{"conversationId":"1e999"}}` };
        }
    }
  });
}

class HostileSocket {
  ws!: WebSocket;
  pending = new Set<number | string>();
  /** The method of each call in flight, by id: its answer's code must be one it declares. */
  methodOf = new Map<number | string, string>();
  /** "method CODE" for every answer whose code the method does not declare. */
  undeclared = new Set<string>();
  answered = 0;
  /** INTERNAL answers: a handler threw something that is not a ChatError — a bug, not a refusal. */
  internal = 0;
  documentedCloses = 0;
  undocumentedCloses: number[] = [];
  ready!: Promise<void>;
  constructor(private readonly server: ServerProcess, private readonly token: string) {
    this.open();
  }
  open(): void {
    const ws = new WebSocket(this.server.wsUrl, { origin: ORIGIN });
    this.ws = ws;
    // Per socket: a late close of the previous socket must not settle the new one's calls.
    const pending = new Set<number | string>();
    this.pending = pending;
    this.ready = new Promise((resolve) => {
      ws.on('open', () => ws.send(JSON.stringify({ type: 'hello', token: this.token })));
      ws.on('message', (raw: Buffer) => {
        const frame = JSON.parse(raw.toString());
        if (frame.type === 'welcome') resolve();
        if ((frame.type === 'result' || frame.type === 'error') && frame.id !== undefined && pending.delete(frame.id)) {
          this.answered++;
          const method = this.methodOf.get(frame.id) ?? '';
          const code = frame.type === 'error' ? String(frame.error?.code) : undefined;
          if (code !== undefined && !isDeclaredError(isMethodName(method) ? methods[method] : undefined, code)) this.undeclared.add(`${method || '(none)'} ${code}`);
        }
        if (frame.type === 'error' && frame.error?.code === 'INTERNAL') this.internal++;
      });
      ws.on('error', () => undefined);
      ws.on('close', (code) => {
        if (documented.has(code)) this.documentedCloses += pending.size;
        else this.undocumentedCloses.push(code);
        pending.clear();
        resolve();
      });
    });
  }
  async send(h: Hostile): Promise<void> {
    if (this.ws.readyState === WebSocket.CONNECTING) await this.ready;
    if (this.ws.readyState !== WebSocket.OPEN) {
      this.open();
      await this.ready;
      // The socket may have been closed during the hello (e.g. a refused token).
      if ((this.ws.readyState as number) !== WebSocket.OPEN) return;
    }
    if (h.kind === 'text') {
      if (h.callId !== undefined) {
        this.pending.add(h.callId);
        this.methodOf.set(h.callId, h.method ?? '');
      }
      this.ws.send(h.text);
    } else if (h.kind === 'binary') this.ws.send(h.bytes, { binary: true });
    else this.ws.send(Buffer.from(h.bytes), { binary: false });
  }
}

async function hugeHeaderUpgrade(port: number, headers: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    let answer = '';
    socket.on('data', (d) => (answer += d.toString()));
    socket.on('error', () => resolve(answer || 'reset'));
    socket.on('close', () => resolve(answer.split('\r\n')[0] || 'closed'));
    let req = `GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nOrigin: ${ORIGIN}\r\n`;
    for (let i = 0; i < headers; i++) req += `X-H${i}: ${i}\r\n`;
    socket.write(req + '\r\n');
    setTimeout(() => socket.destroy(), 3_000).unref();
  });
}

/** G7: generated hostile frames get an error with their id or a documented close; the process stays up. */
export async function g7Hostile(opts: G7Options) {
  const server = new ServerProcess();
  await server.start();
  try {
    await openConversations(server, 2, ['g7-m1']);
    const rssBefore = server.rss();
    const sockets = Array.from({ length: opts.sockets }, (_, i) => new HostileSocket(server, userToken(i % 2 ? 'g7-m1' : `g7-admin-${i}`, i % 2 ? ['chats'] : ['chats', 'admin'])));
    await Promise.all(sockets.map((s) => s.ready));
    const frames = hostileFrames(opts.frames, opts.seed ?? 20261125);
    // Paced under the rate limit so validation, not the limiter, answers most frames.
    for (let i = 0; i < frames.length; i += opts.sockets * 10) {
      const round = frames.slice(i, i + opts.sockets * 10);
      // Each socket sends its share in order (a reconnect must finish before its next frame).
      await Promise.all(
        sockets.map(async (socket, k) => {
          for (let j = k; j < round.length; j += opts.sockets) await socket.send(round[j]!);
        }),
      );
      await sleep(120);
    }
    await until(() => sockets.every((s) => s.pending.size === 0), 10_000);
    const unanswered = sockets.reduce((n, s) => n + s.pending.size, 0);
    const answered = sockets.reduce((n, s) => n + s.answered, 0);
    const internal = sockets.reduce((n, s) => n + s.internal, 0);
    const closedDocumented = sockets.reduce((n, s) => n + s.documentedCloses, 0);
    const undocumented = sockets.flatMap((s) => s.undocumentedCloses);
    const undeclared = [...new Set(sockets.flatMap((s) => [...s.undeclared]))];
    for (const s of sockets) s.ws.terminate();

    // A flood from one socket: the limiter answers RATE_LIMITED, then closes it with 4029.
    const flood = new HostileSocket(server, userToken('g7-flood'));
    await flood.ready;
    let floodClose = 0;
    flood.ws.on('close', (code) => (floodClose = code));
    for (let i = 0; i < opts.flood && flood.ws.readyState === WebSocket.OPEN; i++) flood.ws.send('{"type":"ping"}');
    await until(() => floodClose !== 0, 5_000);
    flood.ws.terminate();

    const headerAnswer = await hugeHeaderUpgrade(server.port, 2_000);
    await sleep(300);
    const health = await server.health().catch(() => undefined);
    const rssAfter = server.rss();
    return {
      unanswered,
      internal,
      undocumentedCloses: undocumented.length,
      undeclared,
      alive: server.alive && health?.ok === true,
      rssGrowthMb: (rssAfter - rssBefore) / 1024 / 1024,
      floodClosed: floodClose === closeCodes.RATE_LIMITED.code,
      line: `G7 hostile input: ${fmt(frames.length)} generated frames on ${opts.sockets} sockets: ${fmt(answered)} calls answered with their id (${internal} INTERNAL), ${fmt(closedDocumented)} ended by a documented close, ${unanswered} unanswered, ${undocumented.length} undocumented closes${undocumented.length ? ` (${[...new Set(undocumented)].join(', ')})` : ''}, ${undeclared.length} error codes a method does not declare${undeclared.length ? ` (${undeclared.join(', ')})` : ''}; flood of ${fmt(opts.flood)} frames closed with ${floodClose}; 2,000-header upgrade answered "${headerAnswer}"; process ${server.alive ? 'up' : 'DOWN'}, RSS ${((rssAfter - rssBefore) / 1024 / 1024).toFixed(0)} MB from start`,
    };
  } finally {
    await server.stop();
  }
}
