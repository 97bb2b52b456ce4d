/**
 * A messenger simulator that joins Chatdesk as a real integration module (README, "Integration
 * API", S-CH-2): customers write on its page, managers answer in Chatdesk, and the replies come
 * back here by signed webhooks, with the delivery statuses a messenger would report. A customer
 * may also send a photo (uploaded as their file, then posted by a message that names it); the
 * files of a manager's reply are fetched from Chatdesk with the module token when its webhook comes.
 *
 * The privacy policy (README, "Privacy policy", S-SET-5): when Chatdesk refuses a customer's first
 * message for want of their agreement (403, `details.reason: 'consent'`), the message is held here,
 * not lost, and the messenger shows the customer the policy's text and link with a way to agree: the
 * reply «Согласен» (also согласна, agree, yes, да) or the page's button. Their agreement goes to
 * `POST /api/v1/consents` with the version shown; then the held messages are sent, in order. A
 * policy changed meanwhile (CONFLICT) is fetched (`GET /api/v1/channels/sim/privacy`) and shown
 * again. What they write while asked is held too; the notice is repeated once. Held messages and
 * the pending question are kept with the customers (DATA_FILE).
 *
 *   node --conditions=source --import tsx examples/messenger/server.ts
 *   (CHATDESK_URL, default http://127.0.0.1:8080 with `npm start`; PORT, default 8081; HOST;
 *   DATA_FILE to keep customers and chats between runs; CHATDESK_STORE, the store to map the
 *   channel to when it has none (S-SET-6); CHATDESK_ORIGIN when the chat server's
 *   own address is not in its ALLOWED_ORIGINS)
 *
 * Only Node built-ins and `ws`: an outside integrator has nothing of ours to import.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { ChatdeskApi, ChatdeskError, bootstrapModule, consentRefusal, mapChannelToStore, type Privacy, type ReportedStatus } from './chatdesk-api.js';
import { verify } from './webhooks.js';

export interface MessengerOptions {
  /** The chat server, e.g. http://127.0.0.1:8080. */
  chatUrl: string;
  /** 0: any free port. */
  port?: number;
  host?: string;
  /** A CRM admin's user token, asked for on every start (user tokens are short-lived). */
  adminToken: () => Promise<string>;
  /** The module's code (default `demo-messenger`). */
  code?: string;
  /** JSON file for customers, chats and seen webhook ids between runs; default: memory only. */
  dataFile?: string;
  /** The Origin sent on the admin WebSocket (default `chatUrl`): it must be in ALLOWED_ORIGINS. */
  origin?: string;
  /** S-SET-6: the store to map the channel to in Chatdesk's settings when it has none yet (an installer's step). */
  store?: string;
}

export interface Messenger {
  url: string;
  close(): Promise<void>;
}

/** The largest photo a customer may send (the channel's `maxFileBytes`; the page and we check it too). */
export const MAX_PHOTO_BYTES = 5 * 1024 * 1024;

/** The one channel this messenger has; `sim` is its code in Chatdesk. */
export const CHANNEL = {
  code: 'sim',
  kind: 'messenger',
  name: 'Мессенджер (симулятор)',
  // `file` too: a picture Chatdesk cannot decode as one arrives as a file, not as a refusal; and
  // `audio`, a manager's voice message (a messenger carries all three). One `maxFileBytes` bounds
  // every kind, both ways.
  capabilities: { quote: true, edit: true, delete: true, image: true, file: true, audio: true, maxFileBytes: MAX_PHOTO_BYTES, deliveredReports: true, readReports: true, maxTextChars: 1000 },
};

export type ReplyStatus = 'queued' | 'sent' | 'delivered' | 'read' | 'failed';

export interface ChatMessage {
  /** Ours: a customer message's messenger id (posted as `messageId`), `r<id>` for a reply, `s-…` for a notice, `c-…` for a reply to one. */
  key: string;
  /** `system`: the messenger's own word to the customer (the privacy notice); it never reaches Chatdesk. */
  from: 'customer' | 'manager' | 'system';
  text: string;
  at: number;
  /** Chatdesk's message id. */
  chatId?: number;
  /** The manager's name, on replies. */
  author?: string;
  /** Chatdesk's id of the quoted message. */
  replyToId?: number;
  /** Replies: the last status we reported (`queued` until then). */
  status?: ReplyStatus;
  edited?: boolean;
  deleted?: boolean;
  /** A customer's photo: its bytes are ours to show (`GET /api/photos/<key>`), never fetched from Chatdesk. */
  photo?: { type: string; size: number };
  /** A reply's files: fetched from Chatdesk when its webhook came, their bytes at `GET /api/photos/<key>`. */
  files?: ReplyFile[];
  /**
   * A customer's message held here, not in Chatdesk yet: they have not agreed to the privacy
   * policy (S-SET-5), or an earlier held one could not be sent. Sent in order once it can be.
   */
  pending?: boolean;
  /** A held photo's upload in Chatdesk, named by the message when it goes. */
  fileId?: number;
  /** A held message Chatdesk refused for good, and why: it is not sent, so it holds nothing back. */
  notSent?: string;
  /** The customer's answer to the messenger's consent prompt: for the messenger only, never sent to Chatdesk. */
  toMessenger?: boolean;
  /** A notice's link (the policy's), which the page makes clickable. */
  link?: string;
}

export interface ReplyFile {
  /** `f<Chatdesk's file id>`. */
  key: string;
  kind: Attachment['kind'];
  name: string;
  mime: string;
  size: number;
}

/** A file of a manager's message, as the webhook names it (README, step 6). */
interface Attachment {
  id: number;
  kind: 'image' | 'audio' | 'file';
  name: string;
  size: number;
  mime: string;
  width?: number;
  height?: number;
}

export interface Customer {
  externalId: string;
  name: string;
  messages: ChatMessage[];
  /** S-SET-5: set while Chatdesk waits for this customer's agreement to the privacy policy. */
  consent?: AskedConsent;
}

/** The policy a customer was shown: the version we report when they agree. */
export interface AskedConsent {
  privacy: Privacy;
  /** The notice was repeated on a later message already: once is a reminder, every time would be noise. */
  reminded: boolean;
}

/** What the customer replies to agree, and what the page's button says. */
export const CONSENT_KEYWORD = 'Согласен';
const AGREEMENTS = new Set(['согласен', 'согласна', 'agree', 'yes', 'да']);

/** A reply that agrees to the policy: the keyword or its variants, case, spaces, quotes and a final `.`/`!` aside. */
export function isAgreement(text: string): boolean {
  return AGREEMENTS.has(
    text
      .trim()
      .replace(/^[«"']+|[»"'.!]+$/g, '')
      .trim()
      .toLowerCase(),
  );
}

/** The notice's first line: on the first refusal, as a reminder, and when the policy changed before they agreed. */
const LEAD = {
  first: 'Прежде чем мы передадим ваше сообщение магазину, подтвердите согласие с политикой конфиденциальности.',
  reminder: 'Ваши сообщения сохранены и уйдут магазину, как только вы согласитесь с политикой конфиденциальности.',
  changed: 'Политика конфиденциальности изменилась: подтвердите согласие с её новой редакцией.',
};
const THANKS = 'Спасибо, согласие получено. Передаём ваши сообщения магазину.';

/** The policy as the messenger's own message: its text, its link, and how to agree. */
function noticeText(lead: string, p: Privacy): string {
  return `${lead}\n\n${p.text}\n${p.link}\n\nЧтобы согласиться, ответьте «${CONSENT_KEYWORD}» или нажмите кнопку «${CONSENT_KEYWORD}».`;
}

/**
 * Chatdesk will never take this message as it is (a text over the limit, a blocked customer…):
 * holding it would hold every later one back. Anything else (unreachable, 401, 409, 429, 5xx) may pass later.
 */
function refusedForGood(e: unknown): e is ChatdeskError {
  return e instanceof ChatdeskError && [400, 403, 404, 413].includes(e.status);
}

interface Saved {
  customers: Customer[];
  /** webhook-id → when first taken: a retry of a webhook we took is answered without acting. */
  seen: Record<string, number>;
}

/** Chatdesk retries a webhook for a day: remember its ids that long. */
const SEEN_FOR_MS = 24 * 60 * 60 * 1000;
const RANK: Record<ReplyStatus, number> = { queued: 0, sent: 1, delivered: 2, read: 3, failed: 4 };

/** Customers and chats, optionally in a JSON file; `rev` moves on every change (the page polls it). */
class Store {
  rev = 1;
  private constructor(
    readonly data: Saved,
    private readonly file: string | undefined,
  ) {}

  static load(file: string | undefined): Store {
    let data: Saved = { customers: [], seen: {} };
    if (file) {
      try {
        data = JSON.parse(readFileSync(file, 'utf8')) as Saved;
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
      }
    }
    return new Store(data, file);
  }

  changed(): void {
    this.rev++;
    if (!this.file) return;
    const now = Date.now();
    for (const [id, at] of Object.entries(this.data.seen)) if (now - at > SEEN_FOR_MS) delete this.data.seen[id];
    // Write then rename: a crash mid-write leaves the previous file whole.
    writeFileSync(this.file + '.tmp', JSON.stringify(this.data, null, 1));
    renameSync(this.file + '.tmp', this.file);
  }

  customer(externalId: string): Customer | undefined {
    return this.data.customers.find((c) => c.externalId === externalId);
  }

  reply(chatId: number): { customer: Customer; message: ChatMessage } | undefined {
    for (const customer of this.data.customers) {
      const message = customer.messages.find((m) => m.chatId === chatId && m.from === 'manager');
      if (message) return { customer, message };
    }
    return undefined;
  }
}

/** The webhook body (README, step 6). */
interface Webhook {
  type: string;
  timestamp: string;
  data: {
    channel: string;
    conversationId: number;
    customer?: { id: number; externalId: string };
    message: { id: number; text?: string; author?: { kind: string; name: string }; replyToId?: number; attachments?: Attachment[]; createdAt?: number; editedAt?: number; deletedAt?: number };
  };
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export async function startMessenger(o: MessengerOptions): Promise<Messenger> {
  const host = o.host ?? '127.0.0.1';
  const code = o.code ?? 'demo-messenger';
  const store = Store.load(o.dataFile);
  // Photos' bytes by message key, and a reply's files by `f<id>`, in memory only (the data file
  // stays small): after a restart the page shows a picture's alt text instead.
  const photos = new Map<string, { type: string; bytes: Buffer<ArrayBuffer>; name?: string }>();
  /** Webhook ids being taken now: a repeat arriving meanwhile (Chatdesk timed out) gets 503, not a second go. */
  const taking = new Set<string>();
  const page = pageWithCsp();
  // Set once the bootstrap has our secret: until then webhooks get 503, which Chatdesk retries.
  let api: ChatdeskApi | undefined;
  let secret: string | undefined;
  const timers = new Set<NodeJS.Timeout>();
  const later = (ms: number, f: () => void) => {
    const t = setTimeout(() => {
      timers.delete(t);
      f();
    }, ms);
    timers.add(t);
  };

  const chatdesk = (): ChatdeskApi => {
    if (!api) throw new HttpError(503, 'not connected to Chatdesk yet');
    return api;
  };

  /** One customer's actions, one after another: held messages go out in the order they were written. */
  const queues = new Map<string, Promise<unknown>>();
  function serially<T>(externalId: string, f: () => Promise<T>): Promise<T> {
    const run = (queues.get(externalId) ?? Promise.resolve()).then(f, f);
    const tail = run.catch(() => undefined);
    queues.set(externalId, tail);
    void tail.then(() => queues.get(externalId) === tail && queues.delete(externalId));
    return run;
  }

  /** Posts a customer's message under its messenger id, so posting it again stores it once. */
  function post(customer: Customer, m: ChatMessage) {
    return chatdesk().postMessage({
      channel: CHANNEL.code,
      customer: { externalId: customer.externalId, name: customer.name },
      messageId: m.key,
      text: m.text,
      ...(m.fileId === undefined ? {} : { attachmentIds: [m.fileId] }),
    });
  }

  /** A held message's post; a photo whose upload Chatdesk pruned meanwhile (unsent for a day) is uploaded again from our copy. */
  async function postHeld(customer: Customer, m: ChatMessage) {
    try {
      return await post(customer, m);
    } catch (e) {
      const copy = photos.get(m.key);
      if (!(e instanceof ChatdeskError && e.status === 404 && m.photo && copy)) throw e;
      const { file } = await chatdesk().uploadFile(CHANNEL.code, customer.externalId, { bytes: copy.bytes, type: copy.type, name: copy.name ?? 'photo' });
      m.fileId = file.id;
      return post(customer, m);
    }
  }

  /**
   * A customer's new message goes to Chatdesk; while earlier ones are held, or Chatdesk waits for
   * the customer's agreement to the privacy policy (S-SET-5), it is held with them: nothing they
   * write is lost. Throws, keeping nothing, only when a message held by nothing is refused.
   */
  async function submit(customer: Customer, m: ChatMessage): Promise<void> {
    if (customer.consent || customer.messages.some((x) => x.pending)) {
      hold(customer, m);
      return customer.consent ? remind(customer) : flush(customer);
    }
    try {
      m.chatId = (await post(customer, m)).message.id;
    } catch (e) {
      const privacy = consentRefusal(e);
      if (!privacy) throw e;
      hold(customer, m);
      return ask(customer, privacy, LEAD.first);
    }
    delete m.fileId;
    customer.messages.push(m);
    store.changed();
  }

  function hold(customer: Customer, m: ChatMessage): void {
    m.pending = true;
    customer.messages.push(m);
    store.changed();
  }

  /** The messenger's own message to the customer. */
  function say(customer: Customer, text: string, link?: string): void {
    customer.messages.push({ key: `s-${randomUUID()}`, from: 'system', text, at: Date.now(), ...(link ? { link } : {}) });
    store.changed();
  }

  /** Shows the customer the policy and waits for their agreement to this version of it. */
  function ask(customer: Customer, privacy: Privacy, lead: string): void {
    customer.consent = { privacy, reminded: false };
    say(customer, noticeText(lead, privacy), privacy.link);
  }

  /** A message written while the agreement is awaited: the notice again, the first time only. */
  function remind(customer: Customer): void {
    const asked = customer.consent;
    if (!asked || asked.reminded) return;
    asked.reminded = true;
    say(customer, noticeText(LEAD.reminder, asked.privacy), asked.privacy.link);
  }

  /**
   * S-SET-5: reports the customer's agreement to the version they were shown, then sends what they
   * wrote meanwhile. A changed policy (CONFLICT) is fetched and shown to them instead.
   */
  async function agree(customer: Customer): Promise<void> {
    const asked = customer.consent;
    if (!asked) throw new HttpError(409, 'no agreement is being asked for');
    try {
      await chatdesk().consent(CHANNEL.code, { externalId: customer.externalId, name: customer.name }, asked.privacy.version);
    } catch (e) {
      if (!(e instanceof ChatdeskError) || e.code !== 'CONFLICT') throw e;
      const { privacy } = await chatdesk().privacy(CHANNEL.code);
      if (privacy) return ask(customer, privacy, LEAD.changed);
      // No policy is in force any more: nothing to agree to, the held messages may go.
    }
    delete customer.consent;
    say(customer, THANKS);
    await flush(customer);
  }

  /**
   * Sends the held messages in order. Stops, keeping the rest, when Chatdesk asks for the
   * agreement again (the policy changed just now) or cannot take them now (thrown: the page says so,
   * and the customer's next message or agreement tries again).
   */
  async function flush(customer: Customer): Promise<void> {
    for (const m of customer.messages.filter((x) => x.pending)) {
      try {
        m.chatId = (await postHeld(customer, m)).message.id;
      } catch (e) {
        const privacy = consentRefusal(e);
        if (privacy) return ask(customer, privacy, LEAD.changed);
        if (!refusedForGood(e)) throw e;
        m.notSent = e.message;
      }
      delete m.pending;
      delete m.fileId;
      store.changed();
    }
  }

  /** Reports a reply's status and mirrors it here, on it and the replies behind it (as Chatdesk does). */
  async function report(customer: Customer, reply: ChatMessage, status: ReportedStatus): Promise<void> {
    if (reply.chatId === undefined) return;
    const answer = await chatdesk().reportStatus(reply.chatId, status);
    const now = answer.status as ReplyStatus;
    if (now === 'failed') reply.status = now; // `failed` is this message's alone
    else
      for (const m of customer.messages.slice(0, customer.messages.indexOf(reply) + 1))
        if (m.from === 'manager' && m.status !== 'failed' && RANK[m.status ?? 'queued'] < RANK[now]) m.status = now;
    store.changed();
  }

  /** Acts on a verified, first-seen webhook (the caller saves the store). */
  function takeWebhook(hook: Webhook): void {
    const { data } = hook;
    if (data.channel !== CHANNEL.code) return;
    if (hook.type === 'message.created') {
      const externalId = data.customer?.externalId ?? '';
      let customer = store.customer(externalId);
      if (!customer) {
        // A customer we lost (memory store, restarted): their id is all the webhook tells.
        customer = { externalId, name: externalId, messages: [] };
        store.data.customers.push(customer);
      }
      const found = customer.messages.find((m) => m.chatId === data.message.id && m.from === 'manager');
      // The same message again under a new webhook-id is a manager's Retry of a failed one.
      const reply: ChatMessage = found ?? { key: `r${data.message.id}`, from: 'manager', text: '', at: Date.now(), chatId: data.message.id };
      reply.text = data.message.text ?? '';
      reply.author = data.message.author?.name ?? '';
      reply.status = 'queued';
      if (data.message.replyToId !== undefined) reply.replyToId = data.message.replyToId;
      setFiles(reply, data.message.attachments);
      if (!found) customer.messages.push(reply);
      const c = customer;
      // "Deliver" it as a messenger would: sent at once, delivered a moment later.
      later(100, () => {
        report(c, reply, 'sent')
          .then(() => later(500, () => void report(c, reply, 'delivered').catch(logError)))
          .catch(logError);
      });
    } else if (hook.type === 'message.updated' || hook.type === 'message.deleted') {
      const hit = store.reply(data.message.id);
      if (!hit) return; // a reply from before we kept anything
      if (hook.type === 'message.updated') {
        hit.message.text = data.message.text ?? hit.message.text;
        setFiles(hit.message, data.message.attachments);
        hit.message.edited = true;
      } else {
        hit.message.text = '';
        hit.message.deleted = true;
        for (const f of hit.message.files ?? []) photos.delete(f.key);
        delete hit.message.files;
      }
    }
  }

  /** A reply's files as the webhook names them (an edit names them again). */
  function setFiles(reply: ChatMessage, attachments: Attachment[] | undefined): void {
    if (attachments?.length) reply.files = attachments.map((a) => ({ key: fileKey(a.id), kind: a.kind, name: a.name, mime: a.mime, size: a.size }));
    else delete reply.files;
  }

  /**
   * Fetches the bytes of the files a webhook names that we do not hold yet (README, step 6). Throws
   * when one cannot be had now; a file Chatdesk no longer has (404) is left without bytes, since
   * retrying its webhook would hold the conversation's later ones back for nothing.
   */
  async function fetchFiles(hook: Webhook): Promise<void> {
    if (hook.data.channel !== CHANNEL.code) return;
    for (const a of hook.data.message.attachments ?? []) {
      const key = fileKey(a.id);
      if (photos.has(key)) continue;
      const file = await chatdesk().fetchFile(a.id);
      if (file) photos.set(key, file);
      else logError(`file ${a.id} of message ${hook.data.message.id} is gone from Chatdesk`);
    }
  }

  async function onWebhook(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readBody(req, 1 << 20);
    if (!secret) return send(res, 503, { error: 'starting' });
    const verdict = verify(secret, req.headers, body);
    if (!verdict.ok) return send(res, 401, { error: verdict.reason });
    if (store.data.seen[verdict.id] !== undefined) return send(res, 200, { ok: true, duplicate: true });
    if (taking.has(verdict.id)) return send(res, 503, { error: 'being taken' });
    let hook: Webhook;
    try {
      hook = JSON.parse(body) as Webhook;
    } catch {
      return send(res, 400, { error: 'not JSON' });
    }
    taking.add(verdict.id);
    try {
      // Its files before anything else: a webhook is taken (its id remembered) only with their
      // bytes in hand; until then 503, and Chatdesk sends it again with the same id.
      await fetchFiles(hook);
    } catch (e) {
      logError(e);
      return send(res, 503, { error: 'could not fetch its files from Chatdesk' });
    } finally {
      taking.delete(verdict.id);
    }
    store.data.seen[verdict.id] = Date.now();
    takeWebhook(hook);
    store.changed();
    send(res, 200, { ok: true });
  }

  /**
   * `POST /api/send-photo?externalId=…&text=…&name=…`, the picture's bytes as the body with their
   * `image/*` type: uploaded to Chatdesk as the customer's file (README, step 4, "Files"), then
   * posted as a message that names it, the text (may be empty) as its caption.
   */
  async function sendPhoto(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const type = String(req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
    // An image type, never a form's: a cross-site page cannot send it without a CORS preflight we never answer.
    if (!/^image\/[a-z0-9.+-]+$/.test(type)) throw new HttpError(415, 'send the picture itself, with its image/* content type');
    // Refused before a byte is read (and so before Chatdesk hears of it).
    if (Number(req.headers['content-length'] ?? 0) > MAX_PHOTO_BYTES) throw new HttpError(413, tooBig);
    const customer = store.customer(url.searchParams.get('externalId') ?? '');
    if (!customer) throw new HttpError(404, 'no such customer');
    const bytes = await readBytes(req, MAX_PHOTO_BYTES, tooBig);
    if (bytes.length === 0) throw new HttpError(400, 'the picture is empty');
    const text = (url.searchParams.get('text') ?? '').trim();
    const name = (url.searchParams.get('name') ?? '').trim().slice(0, 200) || `photo.${type.slice('image/'.length).replace(/\W.*$/, '')}`;
    await serially(customer.externalId, async () => {
      // Uploaded at once even when it is to be held: the message names the upload when it goes.
      const { file } = await chatdesk().uploadFile(CHANNEL.code, customer.externalId, { bytes, type, name });
      const message: ChatMessage = { key: `m-${randomUUID()}`, from: 'customer', text, at: Date.now(), photo: { type, size: bytes.length }, fileId: file.id };
      photos.set(message.key, { type, bytes, name });
      try {
        await submit(customer, message);
      } finally {
        if (!customer.messages.includes(message)) photos.delete(message.key);
      }
      send(res, 201, { message });
    });
  }

  /** A customer's photo, as they sent it, or a reply's file as Chatdesk served it: inert even when opened by itself (an SVG runs nothing). */
  function sendPhotoBytes(res: ServerResponse, key: string): void {
    const photo = photos.get(key);
    if (!photo) throw new HttpError(404, 'no such photo');
    res.writeHead(200, {
      'content-type': photo.type,
      'content-length': photo.bytes.length,
      'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; sandbox",
      'x-content-type-options': 'nosniff',
      // Its key names one message forever: the page redraws the list every poll without refetching.
      'cache-control': 'private, max-age=86400, immutable',
    });
    res.end(photo.bytes);
  }

  /** The page's own small JSON API; each call that changes something goes on to Chatdesk. */
  async function onApi(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    if (req.method === 'GET' && url.pathname === '/api/state') {
      const since = Number(url.searchParams.get('since') ?? 0);
      return send(res, 200, since === store.rev ? { rev: store.rev } : { rev: store.rev, connected: api !== undefined, maxPhotoBytes: MAX_PHOTO_BYTES, customers: store.data.customers });
    }
    if (req.method === 'GET' && url.pathname.startsWith('/api/photos/')) return sendPhotoBytes(res, url.pathname.slice('/api/photos/'.length));
    if (req.method !== 'POST') throw new HttpError(405, 'method not allowed');
    if (url.pathname === '/api/send-photo') return sendPhoto(req, res, url);
    // Only JSON: a cross-site form cannot send it without a CORS preflight we never answer.
    if (!String(req.headers['content-type']).startsWith('application/json')) throw new HttpError(415, 'send JSON');
    const input = JSON.parse((await readBody(req, 64 * 1024)) || '{}') as { name?: unknown; externalId?: unknown; text?: unknown };
    if (url.pathname === '/api/customers') {
      const name = typeof input.name === 'string' ? input.name.trim().slice(0, 100) : '';
      if (!name) throw new HttpError(400, 'a name is needed');
      // The id a messenger would give its user: stable, opaque.
      const customer: Customer = { externalId: `sim-${randomBytes(6).toString('hex')}`, name, messages: [] };
      store.data.customers.push(customer);
      store.changed();
      return send(res, 201, { customer });
    }
    const customer = typeof input.externalId === 'string' ? store.customer(input.externalId) : undefined;
    if (!customer) throw new HttpError(404, 'no such customer');
    const text = typeof input.text === 'string' ? input.text.trim() : '';
    return serially(customer.externalId, () => onCustomerApi(res, url.pathname, customer, text));
  }

  /** A customer's action from the page, after their previous one (see `serially`). */
  async function onCustomerApi(res: ServerResponse, path: string, customer: Customer, text: string): Promise<void> {
    // The last message they may edit or delete: their own to the shop, held here or in Chatdesk.
    const last = customer.messages.findLast((m) => m.from === 'customer' && !m.deleted && !m.toMessenger && m.notSent === undefined);
    switch (path) {
      case '/api/send': {
        if (!text) throw new HttpError(400, 'a text is needed');
        if (customer.consent && isAgreement(text)) {
          // The answer to the messenger's prompt: it stays here; the messages it lets through go.
          const reply: ChatMessage = { key: `c-${randomUUID()}`, from: 'customer', text, at: Date.now(), toMessenger: true };
          customer.messages.push(reply);
          store.changed();
          await agree(customer);
          return send(res, 201, { message: reply });
        }
        const message: ChatMessage = { key: `m-${randomUUID()}`, from: 'customer', text, at: Date.now() }; // the messenger's id
        await submit(customer, message);
        return send(res, 201, { message });
      }
      case '/api/consent': {
        // The notice's «Согласен» button.
        await agree(customer);
        return send(res, 200, { consent: customer.consent ?? null });
      }
      case '/api/edit': {
        if (!last) throw new HttpError(409, 'nothing to edit');
        if (!text) throw new HttpError(400, 'a text is needed');
        // A held message has not left the messenger: it goes as edited.
        if (!last.pending) await chatdesk().editMessage({ channel: CHANNEL.code, customerExternalId: customer.externalId, messageId: last.key, text });
        Object.assign(last, { text, edited: true });
        store.changed();
        return send(res, 200, { message: last });
      }
      case '/api/delete': {
        if (!last) throw new HttpError(409, 'nothing to delete');
        if (!last.pending) await chatdesk().deleteMessage({ channel: CHANNEL.code, customerExternalId: customer.externalId, messageId: last.key });
        Object.assign(last, { text: '', deleted: true });
        delete last.pending; // a held one is never sent now
        delete last.fileId;
        photos.delete(last.key);
        store.changed();
        return send(res, 200, { message: last });
      }
      case '/api/read': {
        const newest = customer.messages.findLast((m) => m.from === 'manager' && !m.deleted && m.status !== 'failed');
        if (!newest) throw new HttpError(409, 'no reply to read');
        await report(customer, newest, 'read');
        return send(res, 200, { message: newest });
      }
    }
    throw new HttpError(404, 'not found');
  }

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://simulator');
    const handle =
      url.pathname === '/webhook' && req.method === 'POST'
        ? onWebhook(req, res)
        : url.pathname.startsWith('/api/')
          ? onApi(req, res, url)
          : url.pathname === '/' && (req.method === 'GET' || req.method === 'HEAD')
            ? Promise.resolve(sendPage(res, page))
            : url.pathname === '/favicon.ico'
              ? Promise.resolve(void res.writeHead(204).end())
              : Promise.reject(new HttpError(404, 'not found'));
    handle.catch((e: unknown) => {
      if (e instanceof HttpError) return send(res, e.status, { error: e.message });
      // Chatdesk's refusal goes to the page as it came (its code and message say what to fix).
      if (e instanceof ChatdeskError) return send(res, 502, { error: e.message, code: e.code, details: e.details });
      if (e instanceof SyntaxError) return send(res, 400, { error: 'not JSON' });
      logError(e);
      send(res, 500, { error: 'internal error' });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port ?? 0, host, () => resolve());
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('unexpected server address');
  const shownHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
  const url = `http://${shownHost}:${address.port}`;
  const close = async () => {
    for (const t of timers) clearTimeout(t);
    timers.clear();
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections(); // keep-alive sockets (the outbox's, the page's) would hold close()
    });
  };

  try {
    const creds = await bootstrapModule({
      chatUrl: o.chatUrl,
      origin: o.origin ?? new URL(o.chatUrl).origin,
      adminToken: await o.adminToken(),
      code,
      name: CHANNEL.name,
      webhookUrl: `${url}/webhook`,
    });
    const ready = new ChatdeskApi(o.chatUrl, creds);
    secret = creds.webhookSecret;
    const { channel } = (await ready.registerChannel(CHANNEL.code, CHANNEL)) as { channel: { id: number } };
    api = ready;
    if (o.store) {
      const origin = o.origin ?? new URL(o.chatUrl).origin;
      // The admin can always map it on the settings screen: a failure here is reported, not fatal.
      await mapChannelToStore({ chatUrl: o.chatUrl, origin, adminToken: await o.adminToken(), channelId: channel.id, store: o.store }).catch((e: unknown) =>
        console.error(`The messenger could not map its channel to the store ${o.store}: ${(e as Error).message}`),
      );
    }
  } catch (e) {
    await close();
    throw e;
  }
  store.changed(); // the page learns it is connected
  return { url, close };
}

/** Where a reply's file is kept here (and served, `GET /api/photos/<key>`). */
const fileKey = (id: number) => `f${id}`;

const tooBig = `the photo is over ${MAX_PHOTO_BYTES / 1024 / 1024} MB`;

async function readBody(req: IncomingMessage, limit: number): Promise<string> {
  return (await readBytes(req, limit)).toString('utf8');
}

/** The body, up to `limit` bytes; a longer one (no Content-Length, or a false one) is cut off. */
function readBytes(req: IncomingMessage, limit: number, tooLarge = 'too large'): Promise<Buffer<ArrayBuffer>> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > limit) {
        reject(new HttpError(413, tooLarge));
        req.destroy();
      } else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, status: number, body: unknown): void {
  if (res.headersSent) return;
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

/** page.html with a CSP that allows its own inline script and style only (by hash). */
function pageWithCsp(): { html: string; csp: string } {
  const html = readFileSync(new URL('./page.html', import.meta.url), 'utf8');
  const hash = (re: RegExp) => `'sha256-${createHash('sha256').update(re.exec(html)?.[1] ?? '').digest('base64')}'`;
  const csp = `default-src 'none'; connect-src 'self'; img-src 'self'; media-src 'self'; script-src ${hash(/<script>([\s\S]*?)<\/script>/)}; style-src ${hash(/<style>([\s\S]*?)<\/style>/)}; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`;
  return { html, csp };
}

function sendPage(res: ServerResponse, page: { html: string; csp: string }): void {
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': page.csp, 'x-content-type-options': 'nosniff' });
  res.end(page.html);
}

function logError(e: unknown): void {
  console.error('[messenger]', e instanceof Error ? e.message : e);
}

// Run directly: the demo's CRM plays the admin (`npm start` serves GET /demo/token).
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const chatUrl = process.env['CHATDESK_URL'] ?? 'http://127.0.0.1:8080';
  const messenger = await startMessenger({
    chatUrl,
    port: Number(process.env['PORT'] ?? 8081),
    host: process.env['HOST'] ?? '127.0.0.1',
    ...(process.env['DATA_FILE'] ? { dataFile: process.env['DATA_FILE'] } : {}),
    ...(process.env['CHATDESK_ORIGIN'] ? { origin: process.env['CHATDESK_ORIGIN'] } : {}),
    ...(process.env['CHATDESK_STORE'] ? { store: process.env['CHATDESK_STORE'] } : {}),
    adminToken: async () => {
      const res = await fetch(`${chatUrl}/demo/token?user=olga`);
      if (!res.ok) throw new Error(`${chatUrl}/demo/token: HTTP ${res.status} (is the chat server running with --demo?)`);
      return ((await res.json()) as { token: string }).token;
    },
  });
  console.log(`Messenger simulator: ${messenger.url} (module of ${chatUrl})`);
  const stop = () => void messenger.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  // Started by the demo server (an IPC channel to it): gone with it, even when it was killed -9.
  if (process.send) process.once('disconnect', stop);
}
