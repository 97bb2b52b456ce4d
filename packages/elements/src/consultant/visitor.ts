import { serverUrl } from '../lib/url.js';

export function defaultStorageKey(server: string, channelId: number | undefined): string {
  return `chatdesk.visitor:${new URL(server, location.href).href}${channelId === undefined ? '' : `#${channelId}`}`;
}

/**
 * The visitor's anonymous identity: a token from `POST {server}/api/visitor/token`, renewed on
 * every (re)connect and kept in localStorage per server so the history survives a reload; and
 * their unsent text, kept beside it (`<key>.draft`) so a reload does not lose it either.
 */
export class VisitorTokens {
  readonly server: string;
  readonly #channelId: number | undefined;
  readonly #key: string;

  /** `storageKey` defaults to one per server and channel: a visitor identity belongs to a channel. */
  constructor(server: string, channel: string, storageKey = '') {
    this.server = new URL(server, location.href).href;
    const channelId = Number(channel);
    this.#channelId = channel && Number.isSafeInteger(channelId) && channelId > 0 ? channelId : undefined;
    this.#key = storageKey || defaultStorageKey(this.server, this.#channelId);
  }

  hasStored(): boolean {
    return this.#read() !== undefined;
  }

  /** The unsent text of this visitor (of this server and channel, or `storage-key`). */
  get draft(): string {
    return this.#read('.draft') ?? '';
  }

  /** Kept on every change, cleared by a send: an empty text removes it. */
  set draft(text: string) {
    this.#write(text, '.draft');
  }

  async get(): Promise<string> {
    const stored = this.#read();
    let response = await this.#request(stored);
    // A token the server no longer accepts (new secret, other server): start as a new visitor.
    if (stored && (response.status === 401 || response.status === 403)) {
      this.#write(undefined);
      response = await this.#request(undefined);
    }
    if (!response.ok) throw new Error(`visitor token: HTTP ${response.status}`);
    const { token } = (await response.json()) as { token?: unknown };
    if (typeof token !== 'string') throw new Error('visitor token: no token in the answer');
    this.#write(token);
    return token;
  }

  #request(token: string | undefined): Promise<Response> {
    const body: { token?: string; channelId?: number } = {};
    if (token) body.token = token;
    if (this.#channelId !== undefined) body.channelId = this.#channelId;
    return fetch(serverUrl(this.server, 'api/visitor/token'), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  }

  // localStorage throws in some privacy modes: the chat still works, only without the history.
  #read(suffix = ''): string | undefined {
    try {
      return localStorage.getItem(this.#key + suffix) ?? undefined;
    } catch {
      return undefined;
    }
  }

  #write(value: string | undefined, suffix = ''): void {
    try {
      if (value) localStorage.setItem(this.#key + suffix, value);
      else localStorage.removeItem(this.#key + suffix);
    } catch {
      /* see #read */
    }
  }
}
