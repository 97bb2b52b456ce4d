import { html, nothing, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { consume } from '@lit/context';
import type { ChatClient } from '@chatdesk/client';
import type { TermsOf } from '../i18n/en.js';
import { ChatElement } from '../lib/chat-element.js';
import { clientContext } from '../lib/context.js';
import { prefetchOnIntent } from '../lib/conversation-view.js';
import { refusalOf, type Refusal } from '../lib/errors.js';
import { LocalizeController } from '../lib/localize.js';
import { PageClientLink } from '../lib/shared-client.js';
import { tokens, type Theme } from '../lib/theme.js';
import { channelIconStyles } from '../lib/channel-icon.js';
import type { HostCardTerms } from './host-cards.en.js';
import styles from './host-cards.styles.js';

const terms = {
  en: (): Promise<TermsOf<HostCardTerms>> => import('./host-cards.en.js').then((m) => m.en),
  ru: (): Promise<TermsOf<HostCardTerms>> => import('./host-cards.ru.js').then((m) => m.ru),
};

/** Changes that come together (a burst of messages) are fetched once. */
const SETTLE_MS = 400;

/**
 * What both host cards share (S-HOST-1, S-HOST-2): the page's connection (a surrounding panel's, or
 * the one the page's panel shares, followed as panels come and go), loading and its failure, and a
 * fresh answer after a new session or when a listed conversation changes.
 */
export abstract class HostCard<T> extends ChatElement {
  static override styles = [tokens, channelIconStyles, styles];

  protected readonly l10n = new LocalizeController(this, terms);

  /** The client to use; set by context, by the page's shared client, or by hand. */
  @consume({ context: clientContext, subscribe: true })
  @property({ attribute: false })
  accessor client: ChatClient | undefined;

  /** `light`, `dark` or `auto` (the system's); not set: the page's `color-scheme`. */
  @property({ reflect: true }) accessor theme: Theme | undefined;

  @state() protected accessor data: T | undefined;
  @state() private accessor failure: Refusal | null = null;
  @state() private accessor loading = false;

  readonly #page = new PageClientLink(this);
  #loadedWith: ChatClient | undefined;
  #key = '';
  #off: (() => void)[] = [];
  #timer: ReturnType<typeof setTimeout> | undefined;
  #seq = 0;

  /** The record the card is about (a customer or an order id); '' for none. */
  protected abstract key(): string;
  protected abstract fetch(client: ChatClient, key: string): Promise<T>;
  /** The conversation ids shown: a change to one of them refreshes the card. */
  protected abstract shown(data: T): readonly number[];
  protected abstract renderData(data: T): TemplateResult;

  override connectedCallback(): void {
    const before = this.client;
    super.connectedCallback();
    this.#page.connected(before);
    // A card's conversation opens in the page's panel: its code comes while the pointer nears.
    prefetchOnIntent(this);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#page.disconnected();
    this.#listen(undefined);
  }

  /** Loads the card again. */
  reload(): Promise<void> {
    return this.#load();
  }

  protected override willUpdate(): void {
    const key = this.key();
    if (this.client !== this.#loadedWith || key !== this.#key) {
      this.#loadedWith = this.client;
      this.#key = key;
      this.#listen(this.client);
      void this.#load();
    }
  }

  #listen(client: ChatClient | undefined): void {
    for (const off of this.#off.splice(0)) off();
    clearTimeout(this.#timer);
    if (!client) return;
    this.#off.push(
      client.on('welcome', () => this.#soon()),
      client.on('event', (e) => {
        const id = e.name === 'conversation.updated' ? e.data.conversation.id : e.name === 'message.created' ? e.data.message.conversationId : undefined;
        if (id !== undefined && this.data !== undefined && this.shown(this.data).includes(id)) this.#soon();
      }),
    );
  }

  #soon(): void {
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => void this.#load(), SETTLE_MS);
  }

  async #load(): Promise<void> {
    const client = this.client;
    const key = this.#key;
    const seq = ++this.#seq;
    if (!client || !key) return;
    this.loading = this.data === undefined;
    try {
      const data = await this.fetch(client, key);
      if (seq !== this.#seq) return;
      this.data = data;
      this.failure = null;
    } catch (err) {
      if (seq !== this.#seq) return;
      this.failure = refusalOf(err);
    } finally {
      if (seq === this.#seq) this.loading = false;
    }
  }

  override render() {
    const t = this.l10n;
    if (!this.client) return html`<p part="loading" role="status">${t.term('noClient')}</p>`;
    if (this.failure) {
      return html`<p part="error" role="alert" title=${this.failure.detail || nothing}>${t.term('loadFailed', this.failure.code)}</p>
        <button part="retry-button" type="button" @click=${() => void this.reload()}>${t.term('retry')}</button>`;
    }
    if (this.loading || this.data === undefined) return html`<p part="loading" role="status">${t.term('loading')}</p>`;
    return this.renderData(this.data);
  }

  /** A date as the card's language writes it. */
  protected date(at: number): string {
    return new Intl.DateTimeFormat(this.l10n.lang(), { day: 'numeric', month: 'short', year: 'numeric' }).format(at);
  }
}
