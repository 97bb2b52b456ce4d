/**
 * The simulator's side of Chatdesk's Integration API (README, "Integration API", steps 1–5): the
 * bootstrap over the admin WebSocket, then signed HTTP calls with the module's token and secret,
 * the privacy policy's consent step (S-SET-5) among them.
 */
import WebSocket from 'ws';
import { randomUUID } from 'node:crypto';
import { signedHeaders } from './webhooks.js';

export interface Credentials {
  moduleId: number;
  token: string;
  webhookSecret: string;
}

/** A call Chatdesk refused: the HTTP status and its `{error: {code, message, details}}`. */
export class ChatdeskError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(`${status} ${code}: ${message}`);
  }
}

/** A privacy policy as Chatdesk names it (S-SET-5): `version` is what an agreement reports. */
export interface Privacy {
  text: string;
  link: string;
  version: string;
}

/** The policy to show when Chatdesk refused a customer's message for want of their agreement (S-SET-5), else undefined. */
export function consentRefusal(e: unknown): Privacy | undefined {
  if (!(e instanceof ChatdeskError) || e.code !== 'FORBIDDEN') return undefined;
  const details = e.details as { reason?: unknown; privacy?: Privacy } | undefined;
  return details?.reason === 'consent' ? details.privacy : undefined;
}

type ModuleAnswer = { module: { id: number }; token: string; webhookSecret: string };

/**
 * Step 1, done by the module itself with an admin's token: create the module, or, when its code
 * exists, rotate its secrets (the server shows them only once, and we keep them only in memory)
 * and point its webhook URL at us.
 */
export async function bootstrapModule(o: {
  chatUrl: string;
  origin: string;
  adminToken: string;
  code: string;
  name: string;
  webhookUrl: string;
}): Promise<Credentials> {
  const admin = await openAdminSocket(o.chatUrl.replace(/^http/, 'ws').replace(/\/$/, '') + '/ws', o.origin, o.adminToken);
  try {
    const { modules } = (await admin.call('modules.list', {})) as { modules: { id: number; code: string }[] };
    const existing = modules.find((m) => m.code === o.code);
    if (!existing) {
      const made = (await admin.call('modules.create', { code: o.code, name: o.name, webhookUrl: o.webhookUrl })) as ModuleAnswer;
      return { moduleId: made.module.id, token: made.token, webhookSecret: made.webhookSecret };
    }
    // Rotate first, then move the URL: a webhook that reaches us in between is signed with the new
    // secret and answered 503 until we hold it (retried), never sent to us under a secret we lack.
    const rotated = (await admin.call('modules.rotateSecrets', { moduleId: existing.id })) as ModuleAnswer;
    await admin.call('modules.update', { moduleId: existing.id, webhookUrl: o.webhookUrl });
    return { moduleId: existing.id, token: rotated.token, webhookSecret: rotated.webhookSecret };
  } finally {
    admin.close();
  }
}

/**
 * S-SET-6: every channel maps to a store, and Chatdesk's settings cannot be saved while one does
 * not. An installer may map its channel to a store the admin named (`store`), once, as an admin
 * would on the settings screen: a channel that has a store keeps it, and a store Chatdesk does not
 * know is left to the admin. Answers whether it mapped it.
 */
export async function mapChannelToStore(o: { chatUrl: string; origin: string; adminToken: string; channelId: number; store: string }): Promise<boolean> {
  const admin = await openAdminSocket(o.chatUrl.replace(/^http/, 'ws').replace(/\/$/, '') + '/ws', o.origin, o.adminToken);
  try {
    // Twice at most: another admin's save in between answers CONFLICT, and the next try reads theirs.
    for (let attempt = 0; attempt < 2; attempt++) {
      const got = (await admin.call('settings.get', {})) as {
        version: number;
        settings: { widgets: { storeByChannel: Record<string, string> } & Record<string, unknown> };
        stores: { code: string }[];
      };
      const widgets = got.settings.widgets;
      if (widgets.storeByChannel[String(o.channelId)] !== undefined || !got.stores.some((s) => s.code === o.store)) return false;
      try {
        await admin.call('settings.update', { version: got.version, widgets: { ...widgets, storeByChannel: { ...widgets.storeByChannel, [o.channelId]: o.store } } });
        return true;
      } catch (e) {
        if ((e as { code?: string }).code !== 'CONFLICT') throw e;
      }
    }
    return false;
  } finally {
    admin.close();
  }
}

/** A minimal protocol client: `hello`, wait for `welcome`, then `call` frames matched by id. */
async function openAdminSocket(url: string, origin: string, token: string) {
  const ws = new WebSocket(url, { origin });
  const pending = new Map<number, { resolve: (r: unknown) => void; reject: (e: Error) => void }>();
  let nextId = 1;
  let closedWith: Error | undefined;
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no welcome from ${url} in 10 s`)), 10_000);
    const fail = (e: Error) => {
      clearTimeout(timer);
      reject(e);
    };
    ws.once('unexpected-response', (_req, res) =>
      fail(new Error(`${url} refused the WebSocket: HTTP ${res.statusCode} (is ${origin} in the chat server's ALLOWED_ORIGINS?)`)),
    );
    ws.once('error', fail);
    ws.once('open', () => ws.send(JSON.stringify({ type: 'hello', token })));
    ws.on('close', (code, reason) => {
      closedWith = new Error(`the chat server closed the socket: ${code} ${reason.toString()}`);
      fail(closedWith); // 4001: the admin token was refused
      for (const p of pending.values()) p.reject(closedWith);
      pending.clear();
    });
    ws.on('message', (raw) => {
      const f = JSON.parse(raw.toString()) as { type: string; id?: number; result?: unknown; error?: { code: string; message: string; details?: unknown } };
      if (f.type === 'welcome') {
        clearTimeout(timer);
        resolve();
      } else if ((f.type === 'result' || f.type === 'error') && typeof f.id === 'number') {
        const p = pending.get(f.id);
        pending.delete(f.id);
        if (f.type === 'result') p?.resolve(f.result);
        else p?.reject(new ChatdeskError(0, f.error?.code ?? 'ERROR', f.error?.message ?? 'call failed', f.error?.details));
      }
    });
  });
  return {
    call(method: string, params: unknown): Promise<unknown> {
      if (closedWith) return Promise.reject(closedWith);
      const id = nextId++;
      ws.send(JSON.stringify({ type: 'call', id, method, params }));
      return new Promise((resolve, reject) => pending.set(id, { resolve, reject }));
    },
    close: () => ws.close(1000),
  };
}

export type ReportedStatus = 'sent' | 'delivered' | 'read' | 'failed';

/** Signed calls to `/api/v1/…` (steps 2–5). */
export class ChatdeskApi {
  constructor(
    private readonly chatUrl: string,
    private readonly creds: Credentials,
  ) {}

  registerChannel(code: string, channel: { kind: string; name: string; capabilities: Record<string, boolean | number> }) {
    return this.call('PUT', `/api/v1/channels/${encodeURIComponent(code)}`, channel);
  }

  postMessage(m: { channel: string; customer: { externalId: string; name?: string }; messageId: string; text: string; attachmentIds?: number[] }) {
    return this.call('POST', '/api/v1/messages', m) as Promise<{ message: { id: number; conversationId: number }; duplicate: boolean }>;
  }

  editMessage(m: { channel: string; customerExternalId: string; messageId: string; text: string }) {
    return this.call('POST', '/api/v1/messages/edit', m);
  }

  deleteMessage(m: { channel: string; customerExternalId: string; messageId: string }) {
    return this.call('POST', '/api/v1/messages/delete', m);
  }

  /**
   * A customer's file (README, step 4, "Files"): multipart with one `file` part and the token
   * alone — the bytes are not signed; the signed message that names the file sends it. Not
   * retried: a lost answer leaves an unsent file that Chatdesk prunes, and the page may try again.
   */
  async uploadFile(channel: string, customerExternalId: string, file: { bytes: Uint8Array<ArrayBuffer>; type: string; name: string }) {
    const form = new FormData();
    form.append('file', new Blob([file.bytes], { type: file.type }), file.name);
    const query = new URLSearchParams({ channel, customer: customerExternalId });
    const res = await fetch(`${this.chatUrl.replace(/\/$/, '')}/api/v1/files?${query}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${this.creds.token}` },
      body: form,
    });
    return (await answerOf(res)) as { file: { id: number; kind: 'image' | 'audio' | 'file'; size: number } };
  }

  /**
   * A file a webhook names (README, step 6): the token alone, not signed. `null` on 404: the file
   * is gone (its message deleted since) and asking again will not bring it back. Bounded in time
   * so a stalled fetch cannot hold its webhook past Chatdesk's own timeout.
   */
  async fetchFile(id: number): Promise<{ type: string; bytes: Buffer<ArrayBuffer> } | null> {
    const res = await fetch(`${this.chatUrl.replace(/\/$/, '')}/api/v1/files/${id}`, {
      headers: { authorization: `Bearer ${this.creds.token}` },
      signal: AbortSignal.timeout(8_000),
    });
    if (res.status === 404) {
      await res.body?.cancel();
      return null;
    }
    if (!res.ok) await answerOf(res); // throws its ChatdeskError
    return { type: res.headers.get('content-type') ?? 'application/octet-stream', bytes: Buffer.from(await res.arrayBuffer()) };
  }

  /**
   * S-SET-5: the privacy policy a new customer must agree to on the channel before their first
   * message opens a conversation; `null` when none is in force.
   */
  privacy(code: string) {
    return this.call('GET', `/api/v1/channels/${encodeURIComponent(code)}/privacy`) as Promise<{ privacy: Privacy | null }>;
  }

  /**
   * S-SET-5: the customer agreed to the policy `version` they were shown. CONFLICT when it is not
   * the one in force any more (or none is): show them the current one.
   */
  consent(channel: string, customer: { externalId: string; name?: string }, version: string) {
    return this.call('POST', '/api/v1/consents', { channel, customer, version }) as Promise<{ acceptedAt: number }>;
  }

  /** Our report on a manager's reply; the answer says where the message stands now. */
  reportStatus(messageId: number, status: ReportedStatus, reason?: string) {
    return this.call('POST', '/api/v1/statuses', { messageId, status, ...(reason ? { reason } : {}) }) as Promise<{ status: string }>;
  }

  /**
   * One signed call. A network error, 429 or 5xx is tried again a few times with the same
   * `webhook-id` (allowed: only a call that succeeded burns its id) and a fresh timestamp.
   */
  async call(method: 'GET' | 'PUT' | 'POST' | 'DELETE', path: string, body?: unknown): Promise<unknown> {
    const text = body === undefined ? '' : JSON.stringify(body); // GET and DELETE sign an empty body
    const id = `msg_${randomUUID()}`;
    for (let attempt = 1; ; attempt++) {
      let res: Response;
      try {
        res = await fetch(this.chatUrl.replace(/\/$/, '') + path, {
          method,
          headers: {
            authorization: `Bearer ${this.creds.token}`,
            ...signedHeaders(this.creds.webhookSecret, text, id),
            ...(text ? { 'content-type': 'application/json' } : {}),
          },
          ...(text ? { body: text } : {}),
        });
      } catch (e) {
        if (attempt < 3) {
          await sleep(500 * attempt);
          continue;
        }
        throw e;
      }
      if ((res.status === 429 || res.status >= 500) && attempt < 3) {
        await res.body?.cancel();
        await sleep(500 * attempt);
        continue;
      }
      return answerOf(res);
    }
  }
}

/** The answer's JSON, or a ChatdeskError with its `{error: {code, message, details}}`. */
async function answerOf(res: Response): Promise<unknown> {
  const answer = (await res.json().catch(() => null)) as { error?: { code: string; message: string; details?: unknown } } | null;
  if (res.ok) return answer;
  throw new ChatdeskError(res.status, answer?.error?.code ?? `HTTP_${res.status}`, answer?.error?.message ?? res.statusText, answer?.error?.details);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
