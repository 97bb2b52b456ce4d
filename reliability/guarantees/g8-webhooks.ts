// G8 webhooks (S-CH-2; the messenger issue calls it G12, a number the database restart had):
// the integration API refuses what is not its module's, signed and fresh; webhooks to a module
// survive it failing, hanging and being down — nothing lost, nothing sent twice, each
// conversation in order — and never go where they must not (private addresses, redirects).
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { verifyWebhook, webhookHeaders } from '../../packages/server/src/channels/integration/standard-webhooks.js';
import type { ProbeClient } from '../lib/probe-client.js';
import { ServerProcess, userToken } from '../lib/server-process.js';
import { cmid, connected, probe, sleep } from '../lib/world.js';

export interface G8Options {
  /** How long the module is down (connections refused) before it comes back. */
  downMs: number;
  conversations: number;
  replies: number;
}

export const g8Quick: G8Options = { downMs: 3_000, conversations: 4, replies: 24 };
export const g8Full: G8Options = { downMs: 60_000, conversations: 10, replies: 300 };

type Mode = 'ok' | 'fail' | 'hang' | 'down' | 'redirect';

/** A module's webhook receiver: verifies, dedupes by webhook-id, records what it took and in which order. */
class Module {
  secret = '';
  mode: Mode = 'ok';
  redirectTo = '';
  readonly taken: { webhookId: string; type: string; conversationId: number; messageId: number }[] = [];
  attempts = 0;
  badSignatures = 0;
  repeats = 0;
  #seen = new Set<string>();
  #server: Server | undefined;
  port = 0;

  get url(): string {
    return `http://127.0.0.1:${this.port}/hook`;
  }

  async up(): Promise<void> {
    this.#server = createServer((req, res) => void this.#handle(req, res));
    await new Promise<void>((r) => this.#server!.listen(this.port, '127.0.0.1', r));
    this.port = (this.#server.address() as AddressInfo).port;
  }

  async down(): Promise<void> {
    const s = this.#server;
    this.#server = undefined;
    if (!s) return;
    s.closeAllConnections();
    await new Promise<void>((r) => s.close(() => r()));
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks).toString();
    this.attempts++;
    const v = verifyWebhook(this.secret, req.headers, body, Date.now());
    if (!v.ok) {
      this.badSignatures++;
      return void res.writeHead(401).end();
    }
    if (this.mode === 'hang') return;
    if (this.mode === 'fail') return void res.writeHead(500).end();
    if (this.mode === 'redirect') return void res.writeHead(302, { location: this.redirectTo }).end();
    if (this.#seen.has(v.id)) this.repeats++;
    else {
      this.#seen.add(v.id);
      const { type, data } = JSON.parse(body) as { type: string; data: { conversationId: number; message: { id: number } } };
      this.taken.push({ webhookId: v.id, type, conversationId: data.conversationId, messageId: data.message.id });
    }
    res.writeHead(200).end('{}');
  }
}

interface Creds {
  token: string;
  secret: string;
}

async function apiCall(server: ServerProcess, c: Partial<Creds> & { bearer?: string }, method: string, path: string, body?: unknown, o: { id?: string; nowShift?: number; tamper?: boolean } = {}) {
  const text = body === undefined ? '' : JSON.stringify(body);
  const headers: Record<string, string> = {};
  const bearer = c.bearer ?? c.token;
  if (bearer) headers.authorization = `Bearer ${bearer}`;
  if (text) headers['content-type'] = 'application/json';
  if (c.secret) Object.assign(headers, webhookHeaders(c.secret, o.id ?? `msg_${randomUUID()}`, text, Date.now() + (o.nowShift ?? 0)));
  const res = await fetch(`${server.url}${path}`, { method, headers, ...(text ? { body: o.tamper ? text.replace('"text":"', '"text":"!') : text } : {}) });
  return { status: res.status, body: (await res.json().catch(() => ({}))) as any };
}

async function module(admin: ProbeClient, code: string, webhookUrl: string | null): Promise<Creds & { id: number }> {
  const r = await admin.call('modules.create', { code, name: code, webhookUrl });
  return { token: r.token, secret: r.webhookSecret, id: r.module.id };
}

const CHANNEL = { kind: 'telegram', name: 'G8 bot', capabilities: { edit: true, delete: true } };
const say = (externalId: string, text = 'привет') => ({ channel: 'g8', customer: { externalId }, messageId: cmid('g8in'), text });

export async function g8Webhooks(o: G8Options) {
  const server = new ServerProcess({ extraArgs: ['--webhooks-allow-private', '--webhook-timeout-ms', '800'] });
  const strict = new ServerProcess();
  const receiver = new Module();
  const elsewhere = new Module();
  const sessions: ProbeClient[] = [];
  const problems: string[] = [];
  const counts = { refused: 0, accessCells: 0, ssrfRefused: 0, redirectsNotFollowed: 0, replies: 0, taken: 0, duplicates: 0, outOfOrder: 0, lost: 0, failedReplies: 0 };
  const started = Date.now();
  try {
    await Promise.all([server.start(), strict.start(), receiver.up(), elsewhere.up()]);
    const admin = await connected(probe(server, userToken('g8-admin', ['chats', 'admin']), { autoReconnect: false }));
    sessions.push(admin);
    const mine = await module(admin, 'g8', receiver.url);
    const theirs = await module(admin, 'g8-other', elsewhere.url);
    receiver.secret = mine.secret;
    if ((await apiCall(server, mine, 'PUT', '/api/v1/channels/g8', CHANNEL)).status !== 200) throw new Error('G8: the channel was not registered');

    // 1. Inbound calls that are not the module's, signed and fresh: refused, nothing stored.
    const first = await apiCall(server, mine, 'POST', '/api/v1/messages', say('g8-ok'), { id: 'msg_g8_once' });
    if (first.status !== 200) throw new Error(`G8: a good call failed: ${JSON.stringify(first.body)}`);
    const hostile: [string, () => Promise<{ status: number }>][] = [
      ['no token', () => apiCall(server, { secret: mine.secret }, 'POST', '/api/v1/messages', say('g8-h1'))],
      ['a wrong token', () => apiCall(server, { ...mine, token: 'cdm_' + 'x'.repeat(43) }, 'POST', '/api/v1/messages', say('g8-h2'))],
      ['a user token', () => apiCall(server, { bearer: userToken('g8-admin', ['chats', 'admin']), secret: mine.secret }, 'POST', '/api/v1/messages', say('g8-h3'))],
      ['no signature', () => apiCall(server, { token: mine.token }, 'POST', '/api/v1/messages', say('g8-h4'))],
      ['a tampered body', () => apiCall(server, mine, 'POST', '/api/v1/messages', say('g8-h5'), { tamper: true })],
      ['another module\'s secret', () => apiCall(server, { token: mine.token, secret: theirs.secret }, 'POST', '/api/v1/messages', say('g8-h6'))],
      ['a 6-minute-old signature', () => apiCall(server, mine, 'POST', '/api/v1/messages', say('g8-h7'), { nowShift: -6 * 60_000 })],
      ['a signature 6 minutes ahead', () => apiCall(server, mine, 'POST', '/api/v1/messages', say('g8-h8'), { nowShift: 6 * 60_000 })],
      ['a replayed webhook-id', () => apiCall(server, mine, 'POST', '/api/v1/messages', say('g8-h9'), { id: 'msg_g8_once' })],
    ];
    for (const [what, call] of hostile) {
      const r = await call();
      if (r.status === 401) counts.refused++;
      else problems.push(`${what}: HTTP ${r.status}, want 401`);
    }
    const list = await admin.call('conversations.list', { limit: 100 });
    const hostileStored = (list.conversations as { customer: { name: string } }[]).filter((c) => /g8-h\d/.test(c.customer.name)).length;
    if (hostileStored > 0) problems.push(`${hostileStored} hostile calls stored a conversation`);

    // 2. The API's access matrix: each route for no caller, another module, and the module itself.
    const routes: [string, string, unknown, number][] = [
      ['GET', '/api/v1/channels', undefined, 200],
      ['PUT', '/api/v1/channels/g8', CHANNEL, 200],
      ['POST', '/api/v1/messages', say('g8-matrix'), 200],
      ['POST', '/api/v1/messages/edit', { channel: 'g8', customerExternalId: 'g8-ok', messageId: 'nope', text: 'x' }, 404],
      ['POST', '/api/v1/messages/delete', { channel: 'g8', customerExternalId: 'g8-ok', messageId: 'nope' }, 404],
      ['POST', '/api/v1/statuses', { messageId: first.body.message.id, status: 'read' }, 404],
    ];
    for (const [method, path, body, own] of routes) {
      const cells: [string, Partial<Creds>, number[]][] = [
        ['nobody', {}, [401]],
        // Channel codes are each module's own: another module's `g8` is its own channel, never ours.
        ['another module', theirs, method === 'GET' || path === '/api/v1/channels/g8' || path === '/api/v1/messages' ? [200] : [404]],
        ['the module', mine, [own]],
      ];
      for (const [who, creds, want] of cells) {
        counts.accessCells++;
        const r = await apiCall(server, creds, method, path, body);
        if (!want.includes(r.status)) problems.push(`${who} ${method} ${path}: HTTP ${r.status}, want ${want.join(' or ')}`);
      }
    }
    // The module's uploads (multipart, the token alone): the same cells, and a channel it lacks.
    const upload = async (bearer: string | undefined, channel = 'g8') => {
      const form = new FormData();
      form.append('file', new Blob(['%PDF-1.4\n%%EOF\n'], { type: 'application/pdf' }), 'g8.pdf');
      const res = await fetch(`${server.url}/api/v1/files?channel=${channel}&customer=g8-ok`, { method: 'POST', headers: bearer ? { authorization: `Bearer ${bearer}` } : {}, body: form });
      await res.arrayBuffer();
      return res.status;
    };
    const uploads: [string, () => Promise<number>, number][] = [
      ['nobody', () => upload(undefined), 401],
      ['a user token', () => upload(userToken('g8-admin', ['chats', 'admin'])), 401],
      ['another module (its own g8)', () => upload(theirs.token), 201],
      ['the module', () => upload(mine.token), 201],
      ['the module, a channel it lacks', () => upload(mine.token, 'nope'), 404],
    ];
    for (const [who, call, want] of uploads) {
      counts.accessCells++;
      const status = await call();
      if (status !== want) problems.push(`${who} POST /api/v1/files: HTTP ${status}, want ${want}`);
    }
    // Another module's `g8` is a channel of its own: the two lists do not share one.
    const theirList = (await apiCall(server, theirs, 'GET', '/api/v1/channels')).body.channels as { id: number }[];
    const ourList = (await apiCall(server, mine, 'GET', '/api/v1/channels')).body.channels as { id: number }[];
    if (theirList.length !== 1 || ourList.length !== 1 || theirList[0]!.id === ourList[0]!.id) problems.push('two modules\' channels of the same code are not apart');

    // 3. Replies while the module fails, hangs and is down; then it comes back.
    const conversations: number[] = [];
    for (let i = 0; i < o.conversations; i++) conversations.push((await apiCall(server, mine, 'POST', '/api/v1/messages', say(`g8-c${i}`))).body.message.conversationId);
    const sent: { id: number; conversationId: number }[] = [];
    const reply = async (i: number) => {
      const conversationId = conversations[i % conversations.length]!;
      const r = await admin.call('messages.send', { conversationId, clientMessageId: cmid('g8r'), text: `ответ ${i}` });
      sent.push({ id: r.message.id, conversationId });
    };
    const phases: Mode[] = ['ok', 'fail', 'hang', 'down'];
    const perPhase = Math.ceil(o.replies / phases.length);
    for (const [p, mode] of phases.entries()) {
      if (mode === 'down') await receiver.down();
      else receiver.mode = mode;
      const phaseMs = mode === 'down' ? o.downMs : Math.min(o.downMs, 3_000);
      for (let k = 0; k < perPhase && sent.length < o.replies; k++) {
        await reply(sent.length);
        await sleep(phaseMs / perPhase);
      }
      if (p === phases.length - 1) break;
    }
    receiver.mode = 'ok';
    await receiver.up();
    counts.replies = sent.length;
    const deadline = Date.now() + 90_000;
    while (Date.now() < deadline && new Set(receiver.taken.map((t) => t.messageId)).size < sent.length) await sleep(100);
    const takenIds = receiver.taken.filter((t) => t.type === 'message.created').map((t) => t.messageId);
    counts.taken = new Set(takenIds).size;
    counts.duplicates = takenIds.length - counts.taken;
    counts.lost = sent.filter((s) => !takenIds.includes(s.id)).length;
    for (const c of conversations) {
      const order = receiver.taken.filter((t) => t.conversationId === c).map((t) => t.messageId);
      for (let i = 1; i < order.length; i++) if (order[i]! < order[i - 1]!) counts.outOfOrder++;
    }
    for (const c of conversations) {
      const page = await admin.call('messages.list', { conversationId: c, limit: 100 });
      counts.failedReplies += (page.messages as { status?: string }[]).filter((m) => m.status === 'failed').length;
    }
    if (receiver.badSignatures) problems.push(`${receiver.badSignatures} webhooks carried a bad signature`);

    // 4. Where webhooks must not go: a redirect (not followed), private addresses on a server that does not allow them.
    const redirecting = await module(admin, 'g8-redirect', receiver.url.replace('/hook', '/redirect'));
    const redirectModule = new Module();
    await redirectModule.up();
    redirectModule.secret = redirecting.secret;
    redirectModule.mode = 'redirect';
    redirectModule.redirectTo = elsewhere.url;
    await admin.call('modules.update', { moduleId: redirecting.id, webhookUrl: redirectModule.url });
    await apiCall(server, redirecting, 'PUT', '/api/v1/channels/g8r', { ...CHANNEL, name: 'redirect' });
    const rc = (await apiCall(server, redirecting, 'POST', '/api/v1/messages', { ...say('g8-redir'), channel: 'g8r' })).body.message.conversationId;
    const before = elsewhere.attempts;
    const rr = await admin.call('messages.send', { conversationId: rc, clientMessageId: cmid('g8x'), text: 'куда?' });
    await admin.waitForEvent((e) => e.name === 'message.status' && e.data?.messageIds?.includes(rr.message.id) && e.data.status === 'failed', 10_000).then(
      () => (elsewhere.attempts === before ? counts.redirectsNotFollowed++ : problems.push('a redirect was followed')),
      () => problems.push('a webhook answered with a redirect did not fail its message'),
    );
    await redirectModule.down();

    const sAdmin = await connected(probe(strict, userToken('g8-admin', ['chats', 'admin']), { autoReconnect: false }));
    sessions.push(sAdmin);
    const targets = [`http://localhost:${receiver.port}/hook`, `http://127.0.0.1:${receiver.port}/hook`, `http://[::ffff:127.0.0.1]:${receiver.port}/hook`, `http://2130706433:${receiver.port}/hook`, 'http://169.254.169.254/latest/meta-data/', 'http://10.0.0.1/hook'];
    for (const [i, url] of targets.entries()) {
      const m = await module(sAdmin, `g8-ssrf-${i}`, url);
      await apiCall(strict, m, 'PUT', `/api/v1/channels/s${i}`, { ...CHANNEL, name: url });
      const conv = (await apiCall(strict, m, 'POST', '/api/v1/messages', { ...say(`g8-s${i}`), channel: `s${i}` })).body.message.conversationId;
      const attempts = receiver.attempts;
      const r = await sAdmin.call('messages.send', { conversationId: conv, clientMessageId: cmid('g8s'), text: 'ssrf?' });
      await sAdmin.waitForEvent((e) => e.name === 'message.status' && e.data?.messageIds?.includes(r.message.id) && e.data.status === 'failed', 10_000).then(
        () => (receiver.attempts === attempts ? counts.ssrfRefused++ : problems.push(`a webhook to ${url} reached the receiver`)),
        () => problems.push(`a webhook to ${url} did not fail at once`),
      );
    }
  } finally {
    for (const s of sessions) s.stop();
    await Promise.all([server.stop(), strict.stop(), receiver.down(), elsewhere.down()]);
  }
  const ms = Date.now() - started;
  const line = `G8 webhooks: ${counts.refused} hostile inbound calls refused (no/wrong/user token, no or tampered or foreign signature, ±6 min, replay), ${counts.accessCells} API access cells; ${counts.replies} replies to ${o.conversations} conversations while the module answered, failed (500), hung and was down ${o.downMs} ms: ${counts.taken} taken, ${counts.lost} lost, ${counts.duplicates} sent twice, ${counts.outOfOrder} out of order, ${counts.failedReplies} failed; ${counts.redirectsNotFollowed} redirect not followed, ${counts.ssrfRefused} private/metadata URLs refused [${(ms / 1000).toFixed(1)} s]`;
  return { line, problems, ...counts, expectedRefused: 9, expectedSsrf: 6 };
}
