import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { ChatClient } from '@chatdesk/client';

/** Changes that come together (a tick turning several red) are counted once. */
const SETTLE_MS = 250;

/**
 * S-SLA-1: how many of the user's conversations are red now (`conversations.slaCounts`), for the
 * list's header. The server counts (the list holds only its loaded pages); it is asked again after
 * a fresh welcome and whenever a `conversation.updated` brings a changed marker or status, or a
 * conversation leaves — the server's SLA job pushes those at the right second, so nothing polls.
 */
export class SlaCountController implements ReactiveController {
  /** Red conversations now (0 until the first answer). */
  breached = 0;

  readonly #host: ReactiveControllerHost & { client?: ChatClient | undefined };
  #client: ChatClient | undefined;
  #off: (() => void)[] = [];
  /** The marker last seen per conversation: an update that keeps it changes no count. */
  readonly #seen = new Map<number, string>();
  #timer: ReturnType<typeof setTimeout> | undefined;
  #seq = 0;

  constructor(host: ReactiveControllerHost & { client?: ChatClient | undefined }) {
    this.#host = host;
    host.addController(this);
  }

  hostConnected(): void {
    this.#attach(this.#host.client);
  }

  hostUpdate(): void {
    if (this.#host.client !== this.#client) this.#attach(this.#host.client);
  }

  hostDisconnected(): void {
    this.#attach(undefined);
  }

  #attach(client: ChatClient | undefined): void {
    for (const off of this.#off.splice(0)) off();
    clearTimeout(this.#timer);
    this.#seen.clear();
    this.#client = client;
    if (!client) return;
    this.#off.push(
      client.on('welcome', (w) => {
        if (w.user.kind === 'user') this.#soon();
      }),
      client.on('event', (e) => {
        if (e.name === 'conversation.removed') return this.#soon();
        if (e.name !== 'conversation.updated') return;
        const c = e.data.conversation;
        const marker = c.status === 'open' ? (c.sla?.state ?? '') : '';
        if (this.#seen.get(c.id) === marker) return;
        this.#seen.set(c.id, marker);
        this.#soon();
      }),
    );
    if (client.state.connection === 'open' && client.state.me?.kind === 'user') this.#soon();
  }

  #soon(): void {
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => void this.#ask(), SETTLE_MS);
  }

  async #ask(): Promise<void> {
    const client = this.#client;
    const seq = ++this.#seq;
    if (!client) return;
    try {
      const { breached } = await client.call('conversations.slaCounts', {});
      if (seq !== this.#seq || client !== this.#client || breached === this.breached) return;
      this.breached = breached;
      this.#host.requestUpdate();
    } catch {
      // The count stays as it was; the next change or welcome asks again.
    }
  }
}
