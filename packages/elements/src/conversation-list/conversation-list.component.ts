import { html, nothing, type PropertyValues } from 'lit';
import { ChatElement } from '../lib/chat-element.js';
import { property, state } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import { consume } from '@lit/context';
import type { ChatClient } from '@chatdesk/client';
import type { Assignee, Channel, Conversation, ListFilter, ListSort, SearchHit } from '@chatdesk/protocol';
import { clientContext } from '../lib/context.js';
import { SlaCountController } from './sla-count.js';
import { emit } from '../lib/events.js';
import { terms } from '../i18n/index.js';
import { bidiText, isolate } from '../lib/bidi.js';
import { errorWords, refusalOf, type Refusal } from '../lib/errors.js';
import { highlightSlices } from '../lib/highlight.js';
import { filterPath } from '../lib/crm-icons.js';
import { icon } from '../lib/icons.js';
import { channelIcon, channelIconStyles } from '../lib/channel-icon.js';
import { LocalizeController } from '../lib/localize.js';
import { StoreController } from '../lib/store-controller.js';
import { tokens } from '../lib/theme.js';
import { VirtualWindow } from '../lib/virtual-window.js';
import { formatAgo, formatDuration, formatListTime, loadTimeWords } from '../lib/time.js';
import { activeFilterCount } from '../lib/filters.js';
import { defineParts, exportparts, PartsController } from '../lib/parts.js';
import type { ChatFiltersChangeDetail } from '../conversation-filters/conversation-filters.component.js';
import styles from './conversation-list.styles.js';
import listRows from '../lib/list-rows.styles.js';

// Its parts as the elements around it export them (lib/parts.ts): the `@csspart` tags below.
defineParts(
  'chat-conversation-list',
  'header sla-count search filter-button filter-button-active filters base item item-selected item-unread item-closed name blocked channel channel-icon preview draft draft-label time waiting unread sla sla-warning sla-breached empty search-error load-more new-pill results hit search-more hit-field hit-text mark',
  ['chat-conversation-filters'],
);

export interface ChatConversationSelectDetail {
  conversationId: number;
  /** Set when a search hit in a message was chosen: open the conversation at that message (S-DLG-3). */
  messageId?: number;
}

/** Typing pauses this long before a search is sent. */
const SEARCH_DEBOUNCE_MS = 250;
/** Search hits per page; "more results" asks for the next one with `nextCursor`. */
const SEARCH_PAGE = 50;
/** Characters of a message kept around the first match in a search hit. */
const SNIPPET_CHARS = 90;

/**
 * @summary The manager's conversations (S-DLG-2): customer, channel, last message, time, unread
 * count, a «blocked» marker, and how long the customer waits when sorted by waiting time. Its
 * header holds the search (S-DLG-3) and the filter button that shows `<chat-conversation-filters>`
 * (S-DLG-4); the sort and filters are remembered per user (`prefs.get` / `prefs.set`).
 *
 * Only the rows near the viewport are in the DOM (`VirtualWindow`, each row keeps
 * `aria-posinset`/`aria-setsize`), so `::part(item)` reaches those only.
 *
 * A `listbox`: Arrow keys, Home and End move between conversations, Enter or Space opens one;
 * ↓ in the search box moves into the list. While the pointer is over the list or focus is in it,
 * the order holds still so that nothing moves away from under the user; it re-sorts when they
 * leave. New conversations that would go above the rows meanwhile wait behind a «2 новых» / "2
 * new" button at the top of the list (announced politely), which scrolls to the top and re-sorts
 * (focus on the first row); ones that sort below every row (a loaded page) join at the end. A
 * conversation removed from the user's sight (reassigned away, S-AUTH-3) leaves at once. Search results replace the list while the search box has text:
 * matches are highlighted with `<mark>`; Enter or a click opens the conversation at the matched
 * message; Escape clears the search.
 *
 * @csspart header - The search box, the filter button and the red count.
 * @csspart sla-count - S-SLA-1: how many of the user's conversations have their reply overdue (red),
 * shown while any has; pressed (`aria-pressed`), the list shows only those, pressed again all again.
 * @csspart search - The search `<input type=search>`.
 * @csspart filter-button - Shows and hides the filters (`aria-expanded`).
 * @csspart filter-button-active - Added to `filter-button` while any filter is set.
 * @csspart filters - The `<chat-conversation-filters>`.
 * @csspart base - The `listbox` of conversations.
 * @csspart item - One conversation (`option`).
 * @csspart item-selected - Added to the selected conversation's `item`.
 * @csspart item-unread - Added to the `item` of a conversation with unread messages.
 * @csspart item-closed - Added to the `item` of a closed conversation.
 * @csspart name - The customer's name.
 * @csspart blocked - The «blocked» marker of a blocked customer.
 * @csspart channel - The channel's icon and name.
 * @csspart channel-icon - The channel's icon (decorative, `aria-hidden`) before its name, in `channel`
 * and `hit-field`; coloured by `--chat-channel-<icon>-color` (see the README).
 * @csspart preview - The last message, or my draft.
 * @csspart draft - Added to `preview` when it shows my unsent draft (S-DLG-8): «Черновик: …».
 * @csspart draft-label - The «Черновик:» / "Draft:" before the draft's text.
 * @csspart time - The time of the last activity.
 * @csspart waiting - How long the customer waits (sort by waiting time).
 * @csspart unread - The unread message count.
 * @csspart sla - S-SLA-1: the reply-time marker at the row's edge (`data-state`), with its words as its accessible name.
 * @csspart sla-warning - Added to `sla` when the reply is due soon (yellow).
 * @csspart sla-breached - Added to `sla` when the reply is overdue (red).
 * @csspart empty - The text shown while loading, when there are no conversations or no results.
 * @csspart search-error - Added to `empty` when the search failed: why, in the user's language
 * (`role=alert`; the server's own message is its `title`).
 * @csspart load-more - The button that loads the next page.
 * @csspart new-pill - The «2 новых» / "2 new" button: new conversations wait above the held order.
 * @csspart results - The `listbox` of search hits.
 * @csspart hit - One search hit (`option`).
 * @csspart search-more - Loads the next page of search hits (shown while there is one).
 * @csspart hit-field - Where the match is (message, name, phone, email).
 * @csspart hit-text - The matched text.
 * @csspart mark - Each highlighted match (`<mark>`).
 * @csspart conversation-filters-base - `<chat-conversation-filters>`'s `base`.
 * @csspart conversation-filters-sort - `<chat-conversation-filters>`'s `sort`.
 * @csspart conversation-filters-field - `<chat-conversation-filters>`'s `field`.
 * @csspart conversation-filters-select - `<chat-conversation-filters>`'s `select`.
 * @csspart conversation-filters-checkbox - `<chat-conversation-filters>`'s `checkbox`.
 * @csspart conversation-filters-reset-button - `<chat-conversation-filters>`'s `reset-button`.
 *
 * @cssproperty --chat-list-bg - Background of the list.
 * @cssproperty --chat-list-item-hover-bg - Background of a hovered conversation.
 * @cssproperty --chat-list-item-selected-bg - Background of the selected conversation.
 * @cssproperty --chat-list-unread-bg - Background of the unread count.
 * @cssproperty --chat-list-unread-text - Colour of the unread count.
 * @cssproperty --chat-list-mark-bg - Background of a search match (default: `--chat-highlight`, 55 %).
 * @cssproperty --chat-sla-warning-color - The yellow SLA marker, S-SLA-1 (#f59e0b; dark theme #fbbf24).
 * @cssproperty --chat-sla-breached-color - The red SLA marker (#dc2626; dark theme #f87171).
 *
 * @event {{ conversationId: number, messageId?: number }} chat-conversation-select - A conversation
 * was chosen (click, Enter or Space), from a search hit with the matched message. Cancelable:
 * when prevented, `selected` does not change.
 */
export class ChatConversationList extends ChatElement {
  static override styles = [tokens, listRows, channelIconStyles, styles];

  readonly #l10n = new LocalizeController(this, terms);
  // Renders again when an element inside it brings its parts with its code (lib/parts.ts).
  readonly #parts = new PartsController(this, 'chat-conversation-list');

  @consume({ context: clientContext, subscribe: true })
  @property({ attribute: false })
  accessor client: ChatClient | undefined;

  /** The id of the selected (open) conversation, or 0 for none. */
  @property({ type: Number, reflect: true }) accessor selected = 0;

  /** The sort in force (S-DLG-4); the user's remembered choice replaces it once connected. */
  @property() accessor sort: ListSort = 'activity';

  /** The filters in force (S-DLG-4); the user's remembered choice replaces them once connected. */
  @property({ attribute: false }) accessor filter: ListFilter = {};

  /** The conversation (or search hit, `h<index>`) that holds the roving tab stop. */
  @state() private accessor activeId: number | string = 0;
  @state() private accessor filtersOpen = false;
  @state() private accessor query = '';
  @state() private accessor hits: readonly SearchHit[] | null = null;
  /** Why the last search failed (shown instead of "Nothing found"); worded at render. */
  @state() private accessor searchError: Refusal | null = null;
  /** Where the next page of search hits starts (`nextCursor`); null when there is none. */
  @state() private accessor searchCursor: string | null = null;
  @state() private accessor searchingMore = false;
  /** Every manager, for the manager filter: asked for when the filters first open (per client). */
  @state() private accessor managers: readonly Assignee[] = [];
  #managersFor: ChatClient | undefined;

  readonly #order = new StoreController(this, (s) => s.conversationOrder);
  readonly #conversations = new StoreController(this, (s) => s.conversations);
  readonly #unread = new StoreController(this, (s) => s.unread);
  readonly #loaded = new StoreController(this, (s) => s.listLoaded);
  readonly #cursor = new StoreController(this, (s) => s.listCursor);
  readonly #connection = new StoreController(this, (s) => s.connection);
  readonly #me = new StoreController(this, (s) => s.me);
  readonly #drafts = new StoreController(this, (s) => s.drafts);
  /** S-SLA-1: the red count in the header. */
  readonly #overdue = new SlaCountController(this);
  #loading = false;
  #attempted = false;
  #wasLive = false;
  /** The client whose remembered prefs were asked for. */
  #prefsFor: ChatClient | undefined;
  /** The order on screen, held while the pointer or focus is in the list. */
  #shown: number[] = [];
  /** New conversations kept out of the held order (they would go above it): the pill counts them. */
  #waiting: number[] = [];
  /** Show the view as sorted on the next update, hold or not (the pill, a new sort or filter). */
  #resort = false;
  #pointerIn = false;
  #focusIn = false;
  #searchTimer: ReturnType<typeof setTimeout> | undefined;
  #searchSeq = 0;

  /** Only the rows near the viewport are in the DOM: a manager may have thousands of conversations. */
  readonly #window = new VirtualWindow<number>(this, {
    scroller: () => this.renderRoot.querySelector('.scroll'),
    rows: () => this.renderRoot.querySelector('[part~="base"]'),
    key: (id) => id,
    follow: false,
    estimate: 72,
  });

  protected override willUpdate(changed: PropertyValues<this>): void {
    // Sorted by waiting time, each row says how long in words: date-fns' (a lazy chunk, lib/time.ts;
    // Intl's until it is in). The other rows' spoken times never ask for it, so a panel starts without.
    if (changed.has('sort') && this.sort === 'waiting') void loadTimeWords().then(() => this.requestUpdate());
    // The order is settled before the window picks its rows (its hostUpdate runs after this).
    const view = this.query.trim() ? [] : this.#view();
    this.#waiting = [];
    this.#shown = this.#resort || changed.has('sort') || changed.has('filter') ? view : this.#stable(view);
    this.#resort = false;
    this.#window.update(this.#shown);
  }

  /** Focuses the row that holds the tab stop (the open conversation's, when rendered). */
  override focus(options?: FocusOptions): void {
    this.renderRoot.querySelector<HTMLElement>('[role="option"][tabindex="0"]')?.focus(options);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearTimeout(this.#searchTimer);
  }

  #rendering = false;

  protected override update(changed: PropertyValues<this>): void {
    this.#rendering = true;
    try {
      super.update(changed);
    } finally {
      this.#rendering = false;
    }
  }

  protected override updated(): void {
    // Once per live connection: a refused or failed fetch is not retried in a loop, a connection
    // that comes back tries again (and the client itself refetches after a resync).
    const live = this.#connection.value === 'open';
    if (live && !this.#wasLive) this.#attempted = false;
    this.#wasLive = live;
    if (this.client && live && !this.#loaded.value && !this.#loading && !this.#attempted) {
      this.#attempted = true;
      const client = this.client;
      queueMicrotask(() => void this.#load(() => this.#loadFirst(client)));
    }
  }

  /** The remembered sort and filters first (once per client), then the first page with them. */
  async #loadFirst(client: ChatClient): Promise<void> {
    if (this.#prefsFor !== client) {
      this.#prefsFor = client;
      try {
        const prefs = await client.prefs();
        this.sort = prefs.listSort;
        this.filter = prefs.listFilter;
      } catch {
        // No remembered choice (or no answer): the defaults stand.
      }
    }
    await client.loadConversations({ sort: this.sort, filter: this.filter });
  }

  async #load(fetch: () => Promise<void>): Promise<void> {
    this.#loading = true;
    try {
      await fetch();
    } catch {
      // The list stays as it was; the connection banner explains an outage, the next welcome refetches.
    } finally {
      this.#loading = false;
      this.requestUpdate();
    }
  }

  #toggleFilters(): void {
    // The filters load on first use: most sessions never open them (bundle budget).
    if (!this.filtersOpen) {
      void import('../conversation-filters/conversation-filters.js');
      void this.#loadManagers();
    }
    this.filtersOpen = !this.filtersOpen;
  }

  async #loadManagers(): Promise<void> {
    const client = this.client;
    if (!client || this.#managersFor === client) return;
    this.#managersFor = client;
    try {
      const { assignees } = await client.call('conversations.assignees', {});
      this.managers = [...assignees].sort((a, b) => a.name.localeCompare(b.name));
    } catch {
      // Offered again on the next open: the filter still has any, mine and unassigned.
      this.#managersFor = undefined;
    }
  }

  #onFiltersChange(e: CustomEvent<ChatFiltersChangeDetail>): void {
    this.#applyFilters(e.detail.sort, e.detail.filter);
  }

  /** S-SLA-1: the red count shows only the red conversations, or, pressed again, all again. */
  #toggleOverdue(): void {
    const { sla: _was, ...rest } = this.filter;
    this.#applyFilters(this.sort, this.filter.sla === 'breached' ? rest : { ...rest, sla: 'breached' });
  }

  #applyFilters(sort: ListSort, filter: ListFilter): void {
    this.sort = sort;
    this.filter = filter;
    const client = this.client;
    if (!client) return;
    client.setPrefs({ listSort: sort, listFilter: filter }).catch(() => undefined);
    void this.#load(() => client.loadConversations({ sort, filter }));
  }

  /** Whether a loaded conversation belongs in the view (the server's filter, applied to live changes too). */
  #matches(c: Conversation): boolean {
    if (c.id === this.selected) return true; // the open one stays, e.g. once read under "unread only"
    const f = this.filter;
    if (f.status && c.status !== f.status) return false;
    if (f.channelId !== undefined && c.channel.id !== f.channelId) return false;
    if (f.assigneeId !== undefined && c.assigneeId !== f.assigneeId) return false;
    if (f.unreadOnly && !this.#unread.value[c.id]) return false;
    if ((f.unansweredOnly || this.sort === 'waiting') && c.waitingSince === null) return false;
    // S-SLA-1: the sla sort lists running clocks only.
    if (this.sort === 'sla' && (c.status !== 'open' || !c.sla)) return false;
    // S-SLA-1: the marker as the server last sent it (each change comes as conversation.updated).
    if (f.sla && (c.status !== 'open' || c.sla?.state !== f.sla)) return false;
    return true;
  }

  /** The conversations to show, in the chosen order. */
  #view(): number[] {
    const all = this.#conversations.value;
    const ids = this.#order.value.filter((id) => all[id] && this.#matches(all[id]));
    if (this.sort === 'waiting' || this.sort === 'sla') {
      const key = this.sort === 'waiting' ? (id: number) => all[id]!.waitingSince ?? Number.MAX_SAFE_INTEGER : (id: number) => all[id]!.sla?.breachAt ?? Number.MAX_SAFE_INTEGER;
      ids.sort((a, b) => key(a) - key(b) || a - b);
    }
    return ids;
  }

  /**
   * The view as shown: while held, the previous order minus what left, so the row under the
   * pointer or the focus does not move when another one gets a message. A new conversation that
   * sorts below every held row (a page loaded at the end) joins at the end; one that would go
   * above waits in `#waiting` for the pill (or the release), rather than hide at the bottom.
   */
  #stable(view: number[]): number[] {
    if (!this.#pointerIn && !this.#focusIn) return view;
    const now = new Set(view);
    const before = new Set(this.#shown);
    let last = -1;
    view.forEach((id, i) => before.has(id) && (last = i));
    const held = this.#shown.filter((id) => now.has(id));
    view.forEach((id, i) => {
      if (before.has(id)) return;
      if (i > last || id === this.selected) held.push(id);
      else this.#waiting.push(id);
    });
    return held;
  }

  /** The pill: the list as sorted now, from the top, focus on the first row. */
  async #showNew(): Promise<void> {
    this.#resort = true;
    this.#window.scrollToStart();
    await this.updateComplete;
    const first = this.#shown[0];
    if (first !== undefined) await this.#focusItem(first);
  }

  #release(): void {
    if (this.#pointerIn || this.#focusIn) return;
    // A focused row removed by a render fires focusout inside that render: an update requested
    // there would be scheduled by the update itself (Lit's change-in-update), so it waits a microtask.
    if (this.#rendering) queueMicrotask(() => this.requestUpdate());
    else this.requestUpdate();
  }

  #onFocusOut(e: FocusEvent): void {
    const to = e.relatedTarget as Node | null;
    if (to && this.renderRoot.contains(to)) return;
    this.#focusIn = false;
    this.#release();
  }

  #select(id: number, messageId?: number): void {
    const detail: ChatConversationSelectDetail = { conversationId: id };
    if (messageId !== undefined) detail.messageId = messageId;
    const event = emit<ChatConversationSelectDetail>(this, 'chat-conversation-select', detail, { cancelable: true });
    if (!event.defaultPrevented) this.selected = id;
  }

  async #focusItem(id: number | string): Promise<void> {
    this.activeId = id;
    const find = () => this.renderRoot.querySelector<HTMLElement>(`[data-key="${id}"]`);
    await this.updateComplete;
    if (!find() && typeof id === 'number') {
      // Outside the rendered window (End, Home in a long list): bring it in first.
      this.#window.scrollToKey(id, 0);
      for (let i = 0; i < 5 && !find(); i++) await new Promise((r) => requestAnimationFrame(r));
    }
    find()?.focus();
  }

  /** Arrow keys over the keys of the visible listbox (conversation ids, or hit keys). */
  #onKeydown(e: KeyboardEvent, keys: readonly (number | string)[], open: (key: number | string) => void): void {
    if (keys.length === 0) return;
    const current = Math.max(0, keys.indexOf(this.#tabStop(keys)));
    let next: number | string | undefined;
    switch (e.key) {
      case 'ArrowDown':
        next = keys[Math.min(keys.length - 1, current + 1)];
        break;
      case 'ArrowUp':
        if (current === 0) {
          e.preventDefault();
          this.renderRoot.querySelector<HTMLElement>('[part~="search"]')?.focus();
          return;
        }
        next = keys[current - 1];
        break;
      case 'Home':
        next = keys[0];
        break;
      case 'End':
        next = keys[keys.length - 1];
        break;
      case 'Enter':
      case ' ':
        e.preventDefault();
        open(keys[current]!);
        return;
      default:
        return;
    }
    e.preventDefault();
    if (next !== undefined) void this.#focusItem(next);
  }

  /** The item that takes Tab: the active one, else the selected one, else the first. */
  #tabStop(keys: readonly (number | string)[]): number | string {
    if (keys.includes(this.activeId)) return this.activeId;
    if (keys.includes(this.selected)) return this.selected;
    return keys[0] ?? 0;
  }

  // ---- search (S-DLG-3) ------------------------------------------------------------------------

  #onSearchInput(e: Event): void {
    this.query = (e.target as HTMLInputElement).value;
    clearTimeout(this.#searchTimer);
    const seq = ++this.#searchSeq;
    this.searchCursor = null;
    this.searchingMore = false;
    this.searchError = null;
    if (!this.query.trim()) {
      this.hits = null;
      return;
    }
    this.#searchTimer = setTimeout(() => void this.#search(this.query, seq), SEARCH_DEBOUNCE_MS);
  }

  async #search(query: string, seq: number): Promise<void> {
    const client = this.client;
    if (!client) return;
    try {
      const { hits, nextCursor } = await client.call('conversations.search', { query: query.trim().slice(0, 200), limit: SEARCH_PAGE });
      if (seq !== this.#searchSeq) return;
      this.hits = hits;
      this.searchCursor = nextCursor;
    } catch (err) {
      if (seq !== this.#searchSeq) return;
      this.searchError = refusalOf(err);
      this.hits = [];
      this.searchCursor = null;
    }
  }

  /** The next page of hits, appended; a newer query (or a cleared box) discards a late answer. */
  async #searchMore(): Promise<void> {
    const client = this.client;
    const cursor = this.searchCursor;
    if (!client || cursor === null || this.searchingMore || this.hits === null) return;
    const seq = this.#searchSeq;
    this.searchingMore = true;
    try {
      const page = await client.call('conversations.search', { query: this.query.trim().slice(0, 200), limit: SEARCH_PAGE, cursor });
      if (seq !== this.#searchSeq) return;
      this.hits = [...(this.hits ?? []), ...page.hits];
      this.searchCursor = page.nextCursor;
    } catch {
      // The button stays: the user may try again.
    } finally {
      if (seq === this.#searchSeq) this.searchingMore = false;
    }
  }

  #onSearchKeydown(e: KeyboardEvent): void {
    if (e.key === 'Escape' && this.query) {
      e.preventDefault();
      e.stopPropagation(); // clears the search; a second Escape reaches the popup panel
      this.query = '';
      this.hits = null;
      this.searchCursor = null;
      this.searchingMore = false;
      this.#searchSeq++;
      clearTimeout(this.#searchTimer);
    } else if (e.key === 'ArrowDown') {
      const first = this.renderRoot.querySelector<HTMLElement>('[role="listbox"] [role="option"]');
      if (!first) return;
      e.preventDefault();
      void this.#focusItem(first.dataset['key']!.startsWith('h') ? first.dataset['key']! : Number(first.dataset['key']));
    } else if (e.key === 'Enter' && this.hits?.[0]) {
      e.preventDefault();
      this.#openHit(this.hits[0]);
    }
  }

  #openHit(hit: SearchHit): void {
    this.#select(hit.conversation.id, hit.message?.id);
  }

  #renderHit(hit: SearchHit, key: string, tabStop: number | string) {
    const lang = this.#l10n.lang();
    const c = hit.conversation;
    const text = hit.field === 'text' ? (hit.message?.text ?? '') : hit.field === 'name' ? c.customer.name : '';
    const at = hit.message?.createdAt ?? c.lastActivityAt;
    return html`<li
      part="hit${c.id === this.selected ? ' item-selected' : ''}"
      role="option"
      data-key=${key}
      aria-selected=${c.id === this.selected ? 'true' : 'false'}
      tabindex=${key === tabStop ? '0' : '-1'}
      @click=${() => this.#openHit(hit)}
      @focus=${() => (this.activeId = key)}
    >
      <span part="name"><bdi>${c.customer.name}</bdi></span>
      <time part="time" datetime=${new Date(at).toISOString()}>${formatListTime(at, lang)}</time>
      <span part="hit-field">${this.#l10n.term('matchIn', hit.field)} · ${channelIcon(c.channel.kind)}<bdi>${c.channel.name}</bdi></span>
      <span part="hit-text"
        ><bdi>${highlightSlices(text, hit.highlights, SNIPPET_CHARS).map((s) => (s.mark ? html`<mark part="mark">${s.text}</mark>` : s.text))}</bdi></span
      >
    </li>`;
  }

  #renderResults() {
    const hits = this.hits;
    if (hits === null) return html`<p part="empty" role="status">${this.#l10n.term('loading')}</p>`;
    const e = this.searchError;
    if (e) {
      // In the user's language (by code and reason); the server's English goes to the title.
      const words = errorWords(this, this.#l10n.lang());
      return html`<p part="empty search-error" role="alert" title=${e.detail || nothing}>${words?.searchFailed(e.code, e.reason)}</p>`;
    }
    if (hits.length === 0) return html`<p part="empty" role="status">${this.#l10n.term('noResults')}</p>`;
    const keys = hits.map((_, i) => `h${i}`);
    const tabStop = this.#tabStop(keys);
    return html`<ul
      part="results"
      role="listbox"
      aria-label=${this.#l10n.term('searchResults')}
      @keydown=${(e: KeyboardEvent) => this.#onKeydown(e, keys, (k) => this.#openHit(hits[Number(String(k).slice(1))]!))}
    >
      ${hits.map((hit, i) => this.#renderHit(hit, keys[i]!, tabStop))}
    </ul>
    ${this.searchCursor !== null
      ? html`<button part="search-more" type="button" ?disabled=${this.searchingMore} @click=${() => void this.#searchMore()}>
          ${this.#l10n.term('moreResults')}
        </button>`
      : nothing}`;
  }

  // ---- the list --------------------------------------------------------------------------------

  #renderItem(c: Conversation, tabStop: number | string, position: number, size: number) {
    const lang = this.#l10n.lang();
    const unread = this.#unread.value[c.id] ?? 0;
    const selected = c.id === this.selected;
    const last = c.lastMessage;
    // S-DLG-8: my unsent reply is the last communication in the conversation.
    const draft = this.#drafts.value[c.id];
    const at = draft && draft.updatedAt > c.lastActivityAt ? draft.updatedAt : c.lastActivityAt;
    // S-DLG-5: system notices are never the preview (the server keeps the newest written message).
    // The names and the text are isolated: a right-to-left override in them stays inside them.
    // A deleted message says so; an empty text otherwise means a message of files alone (S-DLG-9:
    // the server refuses a blank one without them).
    const body = !last ? '' : last.deleted ? this.#l10n.term('messageDeleted') : last.text ? isolate(last.text) : this.#l10n.term('filesPreview');
    const preview = !last ? '' : last.author.kind === 'manager' ? `${isolate(last.author.name)}: ${body}` : body;
    const closed = c.status === 'closed';
    return html`<li
      part="item${selected ? ' item-selected' : ''}${unread ? ' item-unread' : ''}${closed ? ' item-closed' : ''}"
      role="option"
      data-id=${c.id}
      data-key=${c.id}
      ?data-unread=${unread > 0}
      aria-selected=${selected ? 'true' : 'false'}
      aria-posinset=${position}
      aria-setsize=${size}
      tabindex=${c.id === tabStop ? '0' : '-1'}
      @click=${() => this.#select(c.id)}
      @focus=${() => (this.activeId = c.id)}
    >
      <span part="name"><bdi>${c.customer.name}</bdi></span>
      <time part="time" datetime=${new Date(at).toISOString()} aria-label=${formatAgo(at, lang)}>${formatListTime(at, lang)}</time>
      <span part="channel"
        >${channelIcon(c.channel.kind)}<bdi>${c.channel.name}</bdi>${closed ? html` · ${this.#l10n.term('closed')}` : nothing}${c.customer.blocked
          ? html` <span part="blocked">${this.#l10n.term('blocked')}</span>`
          : nothing}</span
      >
      ${draft
        ? html`<span part="preview draft"><span part="draft-label">${this.#l10n.term('draft')}</span> <bdi>${draft.text}</bdi></span>`
        : html`<span part="preview">${bidiText(preview)}</span>`}
      ${this.sort === 'waiting' && c.waitingSince !== null
        ? html`<span part="waiting">${this.#l10n.term('waitingFor', formatDuration(c.waitingSince, lang))}</span>`
        : nothing}
      ${c.sla && c.sla.state !== 'ok' && !closed
        ? html`<span part="sla sla-${c.sla.state}" data-state=${c.sla.state} role="img" aria-label=${this.#l10n.term(c.sla.state === 'warning' ? 'slaWarning' : 'slaBreached')} title=${this.#l10n.term(c.sla.state === 'warning' ? 'slaWarning' : 'slaBreached')}></span>`
        : nothing}
      ${unread
        ? html`<span part="unread"><span aria-hidden="true">${unread}</span><span class="visually-hidden">${this.#l10n.term('unreadMessages', unread)}</span></span>`
        : nothing}
    </li>`;
  }

  #renderList() {
    const order = this.#shown;
    const conversations = this.#conversations.value;
    const start = this.#window.start;
    // The tab stop must be in the DOM: when its row is outside the window, the first rendered one.
    const stop = this.#tabStop(order);
    const tabStop = this.#window.slice.includes(stop as number) ? stop : (this.#window.slice[0] ?? 0);
    const filtered = activeFilterCount(this.sort, this.filter) > 0;
    return html`${order.length === 0
      ? html`<p part="empty" role="status">
          ${!this.#loaded.value ? this.#l10n.term('loading') : filtered ? this.#l10n.term('noMatches') : this.#l10n.term('noConversations')}
        </p>`
      : html`<ul
          part="base"
          role="listbox"
          aria-label=${this.#l10n.term('conversations')}
          @keydown=${(e: KeyboardEvent) => this.#onKeydown(e, order, (id) => this.#select(id as number))}
        >
          ${repeat(
            this.#window.slice,
            (id) => id,
            (id, j) => this.#renderItem(conversations[id]!, tabStop, start + j + 1, order.length),
          )}
        </ul>`}
    ${this.#cursor.value
      ? html`<button part="load-more" type="button" @click=${() => this.#load(() => this.client!.loadMoreConversations())}>
          ${this.#l10n.term('loadMore')}
        </button>`
      : nothing}`;
  }

  #channels(): Channel[] {
    const byId = new Map<number, Channel>();
    for (const c of Object.values(this.#conversations.value)) byId.set(c.channel.id, c.channel);
    return [...byId.values()].sort((a, b) => a.name.localeCompare(b.name));
  }

  override render() {
    const active = activeFilterCount(this.sort, this.filter);
    const searching = this.query.trim() !== '';
    const waiting = this.#waiting.length;
    const overdue = this.#overdue.breached;
    return html`<div part="header">
        <input
          part="search"
          type="search"
          aria-label=${this.#l10n.term('search')}
          placeholder=${this.#l10n.term('search')}
          .value=${this.query}
          @input=${this.#onSearchInput}
          @keydown=${this.#onSearchKeydown}
        />
        <button
          part="filter-button${active ? ' filter-button-active' : ''}"
          type="button"
          aria-expanded=${this.filtersOpen ? 'true' : 'false'}
          aria-controls="filters"
          aria-label=${active ? this.#l10n.term('filtersActive', active) : this.#l10n.term('filters')}
          title=${this.#l10n.term('filters')}
          @click=${this.#toggleFilters}
        >
          ${icon(filterPath)}${active ? html`<span aria-hidden="true">${active}</span>` : nothing}
        </button>
        ${overdue || this.filter.sla === 'breached'
          ? html`<button
              part="sla-count"
              type="button"
              aria-pressed=${this.filter.sla === 'breached' ? 'true' : 'false'}
              aria-label=${this.#l10n.term('slaOverdue', overdue)}
              title=${this.#l10n.term('slaOverdue', overdue)}
              @click=${this.#toggleOverdue}
            >
              <span aria-hidden="true">${overdue}</span>
            </button>`
          : nothing}
      </div>
      <chat-conversation-filters
        part="filters"
        exportparts=${exportparts('chat-conversation-filters')}
        id="filters"
        ?hidden=${!this.filtersOpen}
        .sort=${this.sort}
        .filter=${this.filter}
        .channels=${this.filtersOpen ? this.#channels() : []}
        .managers=${this.managers}
        me-id=${this.#me.value?.id ?? ''}
        @chat-filters-change=${this.#onFiltersChange}
        @keydown=${(e: KeyboardEvent) => {
          if (e.key !== 'Escape') return;
          e.preventDefault(); // taken: the popup panel around leaves it alone
          e.stopPropagation();
          this.filtersOpen = false;
          void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('[part~="filter-button"]')?.focus());
        }}
      ></chat-conversation-filters>
      <div
        class="held"
        @pointerenter=${() => (this.#pointerIn = true)}
        @pointerleave=${() => {
          this.#pointerIn = false;
          this.#release();
        }}
        @focusin=${() => (this.#focusIn = true)}
        @focusout=${this.#onFocusOut}
      >
        ${waiting
          ? html`<button part="new-pill" type="button" aria-label=${this.#l10n.term('newConversations', waiting)} @click=${this.#showNew}>
              <span aria-hidden="true">↑</span> ${this.#l10n.term('newConversationsPill', waiting)}
            </button>`
          : nothing}
        <span class="visually-hidden" role="status">${waiting ? this.#l10n.term('newConversations', waiting) : ''}</span>
        <div class="scroll" @scroll=${() => this.#window.onScroll()}>${searching ? this.#renderResults() : this.#renderList()}</div>
      </div>`;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'chat-conversation-select': CustomEvent<ChatConversationSelectDetail>;
  }
}
