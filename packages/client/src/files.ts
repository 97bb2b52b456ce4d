import { ChatError, limits } from '@chatdesk/protocol/runtime';
import type { Attachment } from '@chatdesk/protocol';
import type { ClientHost } from './host.js';

/** A token this close to its end is renewed before the next use. */
const RENEW_BEFORE_MS = 5 * 60_000;

export interface UploadOptions {
  /** The name to keep (default: the File's own name, else "file"). */
  name?: string;
  /** Bytes sent so far, of the request's total (multipart framing included). */
  onProgress?(sent: number, total: number): void;
  signal?: AbortSignal;
}

/**
 * Files (S-DLG-9): the file token (`files.token`), fetched on first use and renewed before it
 * ends, kept in the store (`fileToken`) so elements re-render with working URLs; uploads to
 * `POST /api/files` (XMLHttpRequest where there is one, for progress and abort; fetch elsewhere);
 * the URLs of a file and its thumbnail. Sending is the outbox's (`send(text, key, {attachments})`).
 */
export class Files {
  #token: { token: string; expiresAt: number; who: string } | undefined;
  #asking: Promise<string> | undefined;

  constructor(
    private readonly host: ClientHost,
    /** `http(s)://host:port` of the chat server (from the WebSocket URL). */
    private readonly base: string,
  ) {}

  /** Who the token is for: a client that reconnects as someone else asks for a new one. */
  #who(): string {
    const me = this.host.store.getState().me;
    return me ? `${me.kind}:${me.id}` : '';
  }

  #valid(): { token: string; expiresAt: number } | undefined {
    const t = this.#token;
    return t && t.who === this.#who() && t.expiresAt > Date.now() ? t : undefined;
  }

  /** A valid file token: the kept one, or a new one. */
  token(): Promise<string> {
    const t = this.#valid();
    if (t && t.expiresAt - Date.now() > RENEW_BEFORE_MS) return Promise.resolve(t.token);
    const who = this.#who();
    return (this.#asking ??= this.host
      .call('files.token', {})
      .then((r) => {
        this.#token = { ...r, who };
        this.host.store.update((s) => ({ ...s, fileToken: r.token }));
        return r.token;
      })
      .finally(() => (this.#asking = undefined)));
  }

  /**
   * The URL of a file (or an image's thumbnail) for this user, or undefined until a token is
   * at hand (one is then asked for; the store's `fileToken` changes when it comes).
   */
  url(id: number, variant: 'content' | 'thumb' = 'content'): string | undefined {
    const t = this.#valid();
    if (!t || t.expiresAt - Date.now() <= RENEW_BEFORE_MS) void this.token().catch(() => undefined);
    if (!t) return undefined;
    return `${this.base}/api/files/${id}${variant === 'thumb' ? '/thumb' : ''}?t=${encodeURIComponent(t.token)}`;
  }

  /** Uploads one file; resolves to it as messages will carry it. Refusals are ChatErrors (LIMIT_EXCEEDED …). */
  async upload(file: Blob, opts: UploadOptions = {}): Promise<Attachment> {
    if (file.size > limits.maxSendBytes) {
      throw new ChatError('LIMIT_EXCEEDED', `A file may be at most ${limits.maxSendBytes} bytes.`, { limit: limits.maxSendBytes, actual: file.size, unit: 'bytes' });
    }
    const name = opts.name ?? ((file as File).name || 'file');
    try {
      return await this.#post(file, name, await this.token(), opts);
    } catch (err) {
      // A token that ended meanwhile (a laptop asleep): once more with a new one.
      if (!(err instanceof ChatError) || err.code !== 'UNAUTHENTICATED') throw err;
      this.#token = undefined;
      return this.#post(file, name, await this.token(), opts);
    }
  }

  async #post(file: Blob, name: string, token: string, opts: UploadOptions): Promise<Attachment> {
    // The request itself is a chunk of its own: a page that never uploads does not download it.
    const { post } = await import('./files-upload.js');
    return post(`${this.base}/api/files`, file, name, token, opts);
  }
}

const parts = new WeakMap<object, Files>();

/**
 * A client's files part (made on first use and kept): `ChatClient.files` for staff; the shop's
 * consultant asks for it when its window opens, so a page that shows only the launcher never
 * downloads it.
 */
export function filesOf(client: { readonly store: ClientHost['store']; readonly url: string; readonly welcomed?: boolean; call: ClientHost['call'] }): Files {
  let files = parts.get(client);
  if (!files) {
    const host: ClientHost = {
      store: client.store,
      call: (method, params) => client.call(method, params),
      get welcomed() {
        return client.welcomed ?? true;
      },
    };
    parts.set(client, (files = new Files(host, httpBaseOf(client.url))));
  }
  return files;
}

/** The chat server's HTTP origin for its WebSocket URL (`wss://chat.example/ws` → `https://chat.example`). */
export function httpBaseOf(wsUrl: string): string {
  const u = new URL(wsUrl.replace(/^ws/, 'http'));
  u.pathname = u.pathname.replace(/\/?ws$/, '');
  return `${u.origin}${u.pathname.replace(/\/$/, '')}`;
}
