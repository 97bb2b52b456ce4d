import type { ReactiveController, ReactiveControllerHost } from 'lit';

export interface VirtualWindowOptions<T> {
  /** The scrolling element. */
  scroller: () => HTMLElement | null;
  /**
   * The element whose element children are the rendered rows: `items[start..end)`, in order, and
   * nothing else. It takes the height of the rows that are not rendered as its padding
   * (`padding` below), so it must not have a `gap` or margins between rows.
   */
  rows: () => HTMLElement | null;
  /** A stable identity per item; row heights are remembered by it. */
  key: (item: T) => string | number;
  /**
   * The part of a row that keeps its place on screen (default: the row). A row whose top depends
   * on the row before it (a chat's day line or author line above a message) names its message, so
   * a page arriving above, which changes that top, does not move what the reader is reading.
   */
  anchor?: (row: Element) => Element;
  /** Resolves once the rendered rows have rendered their own insides (their heights are final). */
  settled?: () => Promise<unknown>;
  /** Called each time the view has been put where it belongs after an update. */
  positioned?: (scroller: HTMLElement) => void;
  /** Pixels rendered beyond each edge of the viewport. */
  overscan?: number;
  /** Height assumed for a row before any row has been measured. */
  estimate?: number;
  /** Within this many pixels of the bottom, the view follows new rows. */
  stickPx?: number;
  /**
   * Whether the view starts at the bottom and follows new rows there (a chat log, the default).
   * Off (a list read from the top): the view starts at the top and stays at the top while
   * scrolled there; scrolled down, the first visible row keeps its place through any change.
   */
  follow?: boolean;
}

/** Where the reader was before an update, to put them back after it. */
interface Plan {
  stuck: boolean;
  /**
   * The row the reader was at: its anchor element `offset` px below the viewport's top, and
   * `inRow` px below its row's top (0 when not measured). Offsets place rows, the anchor is
   * what stays put: without `inRow` the two disagree by a day or author line, and each pass
   * moved the view by it and asked for another pass, without end.
   */
  anchor?: { key: string | number; offset: number; inRow?: number };
  /** The list at that moment: the same list after the update means only the view moved. */
  items?: readonly unknown[];
}

/**
 * Renders only the rows of a long list that are near the viewport, for a chat log: oldest at the
 * top, new rows arriving at the bottom, older pages arriving at the top.
 *
 * Why not `@lit-labs/virtualizer`: its flow layout remembers measured sizes by item *index* and
 * positions rows from an index anchor, so prepending a page of older messages shifts every index:
 * the view jumps to the new oldest rows and sizes are attributed to the wrong rows, and it has no
 * way to keep a row at a pixel offset (its `pin` frames a row at start/center/end only). Chat
 * needs the opposite: heights remembered by message, and the message the reader is looking at
 * kept at the same pixel after a prepend. So this controller keeps the rows in normal flow (CSS
 * does their layout) between two paddings that stand for the rows not rendered, remembers heights
 * by key, and before each update notes the first visible row and its offset (or that the view is
 * at the bottom), then puts that row back at that offset (or the view back at the bottom) after.
 * The heights of rows never rendered are estimated (the average of those measured); an estimate
 * moves only the scrollbar, never what the reader sees. When only the view moved (the reader is
 * scrolling), the correction goes into the top padding, not `scrollTop`: writing `scrollTop`
 * would cut short a smooth scroll (wheel, keyboard, touch). `scrollTop` is written when the list
 * changed (a page went in above, a message arrived at the bottom) and at the top of the list.
 *
 * The host calls `update(items)` from `willUpdate`, renders `slice` inside the rows element, and
 * calls `onScroll()` from the scroller's scroll listener. This controller sets the rows element's
 * paddings itself (through CSSOM, which a strict CSP allows, unlike a `style` attribute).
 */
export class VirtualWindow<T> implements ReactiveController {
  readonly #host: ReactiveControllerHost;
  readonly #o: Required<Omit<VirtualWindowOptions<T>, 'settled' | 'positioned' | 'anchor'>> & VirtualWindowOptions<T>;
  #items: readonly T[] = [];
  readonly #heights = new Map<string | number, number>();
  /** `offsets[i]` = top of row i inside the rows element (its padding included); `offsets[n]` = their total. */
  #offsets = new Float64Array(1);
  #offsetsFor: readonly T[] | undefined;
  #heightsChanged = false;
  #indexOf: Map<string | number, number> | undefined;
  #start = 0;
  #end = 0;
  /** The rows as rendered by the last update (child j of the rows element is `#rendered[j]`). */
  #rendered: readonly T[] = [];
  /** Whether the view follows new rows (it is at the bottom, or was put there). */
  #stuck = true;
  /** Pixels added to the top padding to keep the reader's row in place while scrolling (see above). */
  #drift = 0;
  #plan: Plan | undefined;
  #ticket = 0;
  #resize: ResizeObserver | undefined;
  #observed: HTMLElement | undefined;
  #width = 0;

  constructor(host: ReactiveControllerHost, options: VirtualWindowOptions<T>) {
    this.#host = host;
    this.#o = { overscan: 400, estimate: 56, stickPx: 48, follow: true, ...options };
    this.#stuck = this.#o.follow;
    host.addController(this);
  }

  /** The rows to render. */
  get slice(): readonly T[] {
    return this.#rendered;
  }

  /** Whether the view is at the newest row and follows new ones (a chat log's "pinned to the bottom"). */
  get stuck(): boolean {
    return this.#stuck;
  }

  /** Index in `items` of the first rendered row. */
  get start(): number {
    return this.#start;
  }

  /** Height of the rows above the rendered ones (the rows element's top padding). */
  get paddingTop(): number {
    return Math.max(0, (this.#offsets[this.#start] ?? 0) + this.#drift);
  }

  /** Height of the rows below the rendered ones. */
  get paddingBottom(): number {
    return Math.max(0, (this.#offsets[this.#items.length] ?? 0) - (this.#offsets[this.#end] ?? 0));
  }

  /** Forgets heights and goes to the bottom: a different list is about to be shown. */
  reset(): void {
    this.#heights.clear();
    this.#offsetsFor = undefined;
    this.#stuck = this.#o.follow;
    this.#drift = 0;
    this.#plan = { stuck: this.#stuck };
    this.#start = this.#end = 0;
    this.#rendered = [];
  }

  /** Goes to the newest row and follows new ones. */
  scrollToEnd(): void {
    this.#stuck = true;
    this.#plan = { stuck: true };
    const s = this.#o.scroller();
    if (s) s.scrollTop = s.scrollHeight;
    this.#host.requestUpdate();
  }

  /** Puts the row of `key` `offset` pixels below the top of the viewport (a search hit, S-DLG-3). */
  scrollToKey(key: string | number, offset = 48): void {
    this.#stuck = false;
    this.#drift = 0;
    this.#plan = { stuck: false, anchor: { key, offset } };
    // A placement still pending belongs to rows rendered before this plan: it must not take it.
    this.#ticket++;
    this.#host.requestUpdate();
  }

  /** Goes to the oldest row. */
  scrollToStart(): void {
    this.#stuck = false;
    this.#drift = 0;
    const s = this.#o.scroller();
    if (s) s.scrollTop = 0;
    this.#host.requestUpdate();
  }

  /** The full list for this update (call from `willUpdate`). */
  update(items: readonly T[]): void {
    this.#items = items;
  }

  hostConnected(): void {
    this.#resize = new ResizeObserver(() => this.#onResize());
    if (this.#observed) this.#resize.observe(this.#observed);
  }

  hostDisconnected(): void {
    this.#resize?.disconnect();
    this.#resize = undefined;
  }

  /** Before render: note where the reader is (unless the last update has not been placed yet), choose the rows. */
  hostUpdate(): void {
    const s = this.#o.scroller();
    this.#plan ??= this.#capture(s);
    this.#layout();
    this.#choose(s, this.#plan);
  }

  /** After render: once the rows have rendered, measure them and put the reader back. */
  hostUpdated(): void {
    const s = this.#o.scroller();
    const rows = this.#o.rows();
    if (rows) {
      rows.style.paddingTop = `${this.paddingTop}px`;
      rows.style.paddingBottom = `${this.paddingBottom}px`;
    }
    if (s && s !== this.#observed) {
      if (this.#observed) this.#resize?.unobserve(this.#observed);
      this.#observed = s;
      this.#resize?.observe(s);
    }
    const ticket = ++this.#ticket;
    const place = (): void => {
      // A later update has its own turn (and places the same plan).
      if (ticket === this.#ticket) this.#place();
    };
    void (this.#o.settled?.() ?? Promise.resolve()).then(place, place);
  }

  /** From the scroller's scroll listener. */
  onScroll(): void {
    const s = this.#o.scroller();
    if (!s || s.clientHeight === 0) return;
    if (this.#plan) return; // an update is being placed: its own scroll is not the reader's
    this.#stuck = this.#o.follow && s.scrollHeight - s.scrollTop - s.clientHeight < this.#o.stickPx;
    if (this.#needsOtherRows(s)) this.#host.requestUpdate();
  }

  #onResize(): void {
    const s = this.#o.scroller();
    if (!s) return;
    const width = s.clientWidth;
    // Text wraps differently at another width: every remembered height is stale.
    if (width !== this.#width) {
      if (this.#width !== 0) {
        this.#heights.clear();
        this.#offsetsFor = undefined;
      }
      this.#width = width;
    }
    this.#host.requestUpdate();
  }

  #capture(s: HTMLElement | null): Plan {
    if (!s || this.#stuck) return { stuck: this.#stuck };
    const rows = this.#o.rows();
    const items = this.#items;
    // A list read from the top, at the top: stay there, whatever arrives above the first row.
    if (!this.#o.follow && s.scrollTop <= 0) return { stuck: false, items };
    if (!rows || rows.children.length !== this.#rendered.length) return { stuck: false, items };
    const top = s.getBoundingClientRect().top;
    const bottom = top + s.clientHeight;
    for (let j = 0; j < rows.children.length; j++) {
      const row = rows.children[j]!;
      const r = this.#anchorOf(row).getBoundingClientRect();
      if (r.bottom > top && r.top < bottom) {
        const inRow = r.top - row.getBoundingClientRect().top;
        return { stuck: false, items, anchor: { key: this.#o.key(this.#rendered[j]!), offset: r.top - top, inRow } };
      }
    }
    return { stuck: false, items };
  }

  #anchorOf(row: Element): Element {
    return this.#o.anchor?.(row) ?? row;
  }

  /** Row offsets from the remembered heights (the average one for rows never measured). */
  #layout(): void {
    const items = this.#items;
    if (this.#offsetsFor === items && !this.#heightsChanged) return;
    if (this.#offsetsFor !== items) this.#indexOf = undefined;
    this.#offsetsFor = items;
    this.#heightsChanged = false;
    let sum = 0;
    for (const h of this.#heights.values()) sum += h;
    const estimate = this.#heights.size ? sum / this.#heights.size : this.#o.estimate;
    const offsets = new Float64Array(items.length + 1);
    for (let i = 0; i < items.length; i++) offsets[i + 1] = offsets[i]! + (this.#heights.get(this.#o.key(items[i]!)) ?? estimate);
    this.#offsets = offsets;
  }

  #index(key: string | number): number {
    if (!this.#indexOf) {
      this.#indexOf = new Map();
      this.#items.forEach((item, i) => this.#indexOf!.set(this.#o.key(item), i));
    }
    return this.#indexOf.get(key) ?? -1;
  }

  /** Where row offsets start inside the scroller's content: the rows element's top, plus the drift. */
  #rowsTop(s: HTMLElement): number {
    const rows = this.#o.rows();
    return (rows ? rows.getBoundingClientRect().top - s.getBoundingClientRect().top + s.scrollTop : 0) + this.#drift;
  }

  /** The row at `y` (rows coordinates), clamped to the list. */
  #rowAt(y: number): number {
    const o = this.#offsets;
    const n = o.length - 1;
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (o[mid]! <= y) lo = mid;
      else hi = mid - 1;
    }
    return Math.max(0, lo);
  }

  #choose(s: HTMLElement | null, plan: Plan): void {
    const n = this.#items.length;
    // A hidden scroller has no height: prepare a window's worth, the resize when it shows corrects it.
    const height = s?.clientHeight || window.innerHeight;
    const total = this.#offsets[n]!;
    const index = plan.anchor ? this.#index(plan.anchor.key) : -1;
    const viewTop = plan.stuck || !s
      ? (plan.stuck || this.#o.follow ? total - height : 0)
      : index >= 0
        ? this.#offsets[index]! + (plan.anchor!.inRow ?? 0) - plan.anchor!.offset
        : s.scrollTop - this.#rowsTop(s);
    const over = this.#o.overscan;
    this.#start = n ? this.#rowAt(viewTop - over) : 0;
    this.#end = n ? this.#rowAt(viewTop + height + over) + 1 : 0;
    // The list changed, or the top is near: `scrollTop` is written anyway, so the drift goes.
    if (plan.items !== this.#items || this.#start === 0) this.#drift = 0;
    this.#rendered = this.#items.slice(this.#start, this.#end);
  }

  /** Whether the rendered rows no longer cover the viewport and its margins (or cover far too much). */
  #needsOtherRows(s: HTMLElement): boolean {
    const n = this.#items.length;
    if (!n) return false;
    const viewTop = s.scrollTop - this.#rowsTop(s);
    const viewBottom = viewTop + s.clientHeight;
    const top = this.#offsets[this.#start]!;
    const bottom = this.#offsets[this.#end]!;
    const over = this.#o.overscan;
    return (
      (this.#start > 0 && top > viewTop - over / 2) ||
      (this.#end < n && bottom < viewBottom + over / 2) ||
      top < viewTop - 3 * over ||
      bottom > viewBottom + 3 * over
    );
  }

  /** Measures the rendered rows; true when a remembered height changed. */
  #measure(rows: HTMLElement): boolean {
    const children = rows.children;
    if (children.length !== this.#rendered.length) return false;
    let changed = false;
    for (let j = 0; j < children.length; j++) {
      const h = children[j]!.getBoundingClientRect().height;
      const key = this.#o.key(this.#rendered[j]!);
      const known = this.#heights.get(key);
      if (known === undefined || Math.abs(known - h) > 0.5) {
        this.#heights.set(key, h);
        changed = true;
      }
    }
    if (changed) this.#heightsChanged = true;
    return changed;
  }

  /** Corrective passes since the last frame: more than a few means they do not converge. */
  #passes = 0;

  /**
   * Another pass, at once; but past a few in one frame, at the next frame: passes chained in
   * microtasks never let the browser paint, so one that does not converge would freeze the tab.
   */
  #again(): void {
    if (this.#passes++ === 0) requestAnimationFrame(() => (this.#passes = 0));
    if (this.#passes <= 8) this.#host.requestUpdate();
    else requestAnimationFrame(() => this.#host.requestUpdate());
  }

  #place(): void {
    const plan = this.#plan;
    this.#plan = undefined;
    const s = this.#o.scroller();
    const rows = this.#o.rows();
    if (!s || !plan) return;
    const changed = rows ? this.#measure(rows) : false;
    if (plan.stuck) {
      s.scrollTop = s.scrollHeight;
      this.#stuck = true;
    } else if (plan.anchor && rows) {
      const j = this.#rendered.findIndex((item) => this.#o.key(item) === plan.anchor!.key);
      const el = j >= 0 ? rows.children[j] : undefined;
      if (el) {
        const delta = this.#anchorOf(el).getBoundingClientRect().top - s.getBoundingClientRect().top - plan.anchor.offset;
        if (Math.abs(delta) >= 0.5) {
          if (plan.items === this.#items && this.#start > 0 && this.paddingTop - delta >= 0) {
            this.#drift -= delta;
            rows.style.paddingTop = `${this.paddingTop}px`;
          } else {
            s.scrollTop += delta;
          }
        }
      }
    }
    // Measured heights move the paddings, and the view may now need other rows: one more pass.
    if (changed || (s.clientHeight > 0 && this.#needsOtherRows(s))) this.#again();
    this.#o.positioned?.(s);
  }
}
