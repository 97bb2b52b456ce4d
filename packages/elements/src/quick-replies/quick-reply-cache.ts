import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { ChatClient } from '@chatdesk/client';
import type { EventData, QuickReply, QuickReplyCategory } from '@chatdesk/protocol';
import { refusalOf, type Refusal } from '../lib/errors.js';
import { fold } from './quick-reply-match.js';

/*
 * The quick replies of one connection, shared by everything that shows them (the lightning
 * button's popover, the composer's `/` suggestions, the edit dialog's category list): loaded once
 * with `quickReplies.list`, then kept current by `quickReplies.changed`, which the server pushes
 * to every staff session. A thousand replies at most (S-QR-1), so the list is held whole and
 * filtered here, and typing `/hi` never waits for the network after the first time.
 *
 * Lazy, like everything of the feature but the button: this module loads with the popover or the
 * first `/` typed, so a panel that never uses quick replies never asks for them.
 */

export type QuickRepliesChange = EventData<'quickReplies.changed'>;

export interface QuickRepliesSnapshot {
  /** `loading` until the first list is in; `failed` when it could not be loaded (`failure` says why). */
  readonly status: 'loading' | 'ready' | 'failed';
  /** By category (as `categories` orders them, uncategorised last), then by command: the server's order. */
  readonly replies: readonly QuickReply[];
  /** By name, any case. */
  readonly categories: readonly QuickReplyCategory[];
  readonly failure: Refusal | null;
}

const byCategoryName = (a: QuickReplyCategory, b: QuickReplyCategory): number => {
  const x = fold(a.name);
  const y = fold(b.name);
  return x < y ? -1 : x > y ? 1 : a.id - b.id;
};

/** The server's order, kept after every change applied here, so a live list never jumps differently from a reloaded one. */
function ordered(replies: readonly QuickReply[], categories: readonly QuickReplyCategory[]): QuickReply[] {
  const rank = new Map(categories.map((c, i) => [c.id, i]));
  const of = (r: QuickReply) => (r.categoryId === null ? categories.length : (rank.get(r.categoryId) ?? categories.length));
  return [...replies].sort((a, b) => of(a) - of(b) || (a.command < b.command ? -1 : a.command > b.command ? 1 : 0));
}

export class QuickRepliesCache {
  #snapshot: QuickRepliesSnapshot = { status: 'loading', replies: [], categories: [], failure: null };
  readonly #listeners = new Set<() => void>();
  readonly #client: ChatClient;
  /** Changes heard while a list is on its way: applied on top of it (each is idempotent). */
  #heard: QuickRepliesChange[] | undefined;
  #seq = 0;

  constructor(client: ChatClient) {
    this.#client = client;
    // For the life of the client: a cache is made once per client and goes with it (WeakMap).
    client.on('event', (e) => {
      if (e.name !== 'quickReplies.changed') return;
      this.#heard?.push(e.data);
      this.apply(e.data);
    });
    // A resumed session replays the changes it missed; a fresh one (a long outage, a resync)
    // does not, so the list is fetched again.
    client.on('welcome', (w) => {
      if (!w.resumed && w.user.kind === 'user') void this.load();
    });
    void this.load();
  }

  get snapshot(): QuickRepliesSnapshot {
    return this.#snapshot;
  }

  /** Calls `listener` after every change of the snapshot; returns the unsubscribe. */
  subscribe(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Loads the list again (the first time, after a fresh welcome, or Retry after a failure). */
  async load(): Promise<void> {
    const seq = ++this.#seq;
    this.#heard = [];
    if (this.#snapshot.status === 'failed') this.#set({ ...this.#snapshot, status: 'loading', failure: null });
    try {
      const { replies, categories } = await this.#client.call('quickReplies.list', {});
      if (seq !== this.#seq) return;
      const sorted = [...categories].sort(byCategoryName);
      const heard = this.#heard;
      this.#heard = undefined;
      this.#set({ status: 'ready', replies: ordered(replies, sorted), categories: sorted, failure: null });
      for (const change of heard) this.apply(change);
    } catch (err) {
      if (seq !== this.#seq) return;
      this.#heard = undefined;
      // What was loaded before stays on screen; a first load shows why it failed.
      if (this.#snapshot.status !== 'ready') this.#set({ ...this.#snapshot, status: 'failed', failure: refusalOf(err) });
    }
  }

  /** Applies a change (a pushed event, or the answer of a save made here, which comes before its event). */
  apply(change: QuickRepliesChange): void {
    const s = this.#snapshot;
    let { replies, categories } = s;
    switch (change.kind) {
      case 'reply':
        replies = [...replies.filter((r) => r.id !== change.reply.id), change.reply];
        break;
      case 'replyDeleted':
        replies = replies.filter((r) => r.id !== change.id);
        break;
      case 'category':
        categories = [...categories.filter((c) => c.id !== change.category.id), change.category].sort(byCategoryName);
        break;
      case 'categoryDeleted':
        categories = categories.filter((c) => c.id !== change.id);
        // Its replies stay, uncategorised (the server moved them; no event per reply).
        replies = replies.map((r) => (r.categoryId === change.id ? { ...r, categoryId: null } : r));
        break;
    }
    this.#set({ ...s, replies: ordered(replies, categories), categories });
  }

  #set(snapshot: QuickRepliesSnapshot): void {
    this.#snapshot = snapshot;
    for (const listener of this.#listeners) listener();
  }
}

const caches = new WeakMap<ChatClient, QuickRepliesCache>();

/** The one cache of `client`'s quick replies, made (and loading) at the first ask. */
export function quickRepliesOf(client: ChatClient): QuickRepliesCache {
  let cache = caches.get(client);
  if (!cache) caches.set(client, (cache = new QuickRepliesCache(client)));
  return cache;
}

/**
 * Subscribes a host to the quick replies of its client: `value` is the current snapshot, and the
 * host re-renders when it changes. A list that failed is asked for again when a host connects.
 */
export class QuickRepliesController implements ReactiveController {
  readonly #host: ReactiveControllerHost;
  readonly #client: () => ChatClient | undefined;
  #cache: QuickRepliesCache | undefined;
  #off: (() => void) | undefined;

  constructor(host: ReactiveControllerHost, client: () => ChatClient | undefined) {
    this.#host = host;
    this.#client = client;
    host.addController(this);
  }

  /** The cache in use (undefined without a client). */
  get cache(): QuickRepliesCache | undefined {
    return this.#cache;
  }

  get value(): QuickRepliesSnapshot {
    return this.#cache?.snapshot ?? { status: 'loading', replies: [], categories: [], failure: null };
  }

  hostConnected(): void {
    this.#attach(true);
  }

  hostUpdate(): void {
    this.#attach(false);
  }

  hostDisconnected(): void {
    this.#off?.();
    this.#off = this.#cache = undefined;
  }

  #attach(connecting: boolean): void {
    const client = this.#client();
    const cache = client && quickRepliesOf(client);
    if (cache === this.#cache) return;
    this.#off?.();
    this.#cache = cache;
    this.#off = cache?.subscribe(() => this.#host.requestUpdate());
    if (cache && connecting && cache.snapshot.status === 'failed') void cache.load();
  }
}
