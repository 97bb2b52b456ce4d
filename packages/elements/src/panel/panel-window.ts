import type { ReactiveController } from 'lit';
import type { ChatPanel } from './panel.component.js';

/**
 * The popup as a window (S-SET-2): moved and resized by pointer or keyboard, kept inside the
 * viewport, its frame remembered per signed-in user. A chunk of its own: the panel loads it on
 * the first drag or arrow key on a handle, or at start-up only for a user who has a frame stored,
 * so the start-up bundle of everyone else carries just the handles.
 *
 * The frame is viewport pixels (`position: fixed`, set through CSSOM, which a strict CSP allows
 * unlike a `style` attribute). Until the user moves or resizes it, the popup has none and sits
 * where its styles put it, above the button the host page positioned.
 */

/** The popup's box in viewport pixels. */
export interface Frame {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** Raised when the stored shape changes: a frame stored by another version is ignored, not misread. */
const VERSION = 1;

/** The frame stored under `key`, if it is one of ours; anything else (old, hand-edited, not JSON) is ignored. */
function read(key: string): Frame | null {
  try {
    const f = JSON.parse(localStorage.getItem(key) ?? 'null') as (Partial<Frame> & { v?: unknown }) | null;
    const ok = (n: unknown, min: number): n is number => typeof n === 'number' && Number.isFinite(n) && n >= min && n <= 100_000;
    return f?.v === VERSION && ok(f.x, 0) && ok(f.y, 0) && ok(f.w, 1) && ok(f.h, 1) ? { x: f.x, y: f.y, w: f.w, h: f.h } : null;
  } catch {
    return null; // storage blocked, or not JSON: the default place
  }
}

const arrows: Readonly<Record<string, readonly [number, number]>> = {
  ArrowLeft: [-1, 0],
  ArrowRight: [1, 0],
  ArrowUp: [0, -1],
  ArrowDown: [0, 1],
};

export class PopupWindow implements ReactiveController {
  readonly #host: ChatPanel;
  /** `localStorage` key of a user's frame: the prefix and the user's id. */
  readonly #keyPrefix: string;
  /** The frame the user chose (fitted to the viewport of that moment); null: the styles' place. */
  #frame: Frame | null = null;
  #user: string | undefined;
  #mode: string | undefined;

  constructor(host: ChatPanel, keyPrefix: string) {
    this.#host = host;
    this.#keyPrefix = keyPrefix;
    host.addController(this);
    // Loaded mid-session: take the user and the mode now, before a gesture uses them.
    this.hostUpdated();
  }

  hostConnected(): void {
    addEventListener('resize', this.#onResize);
  }

  hostDisconnected(): void {
    removeEventListener('resize', this.#onResize);
  }

  /** Follows the signed-in user (their own frame) and the mode (a section has no position). */
  hostUpdated(): void {
    const user = this.#host.client?.state.me?.id;
    const mode = this.#host.effectiveMode;
    if (user === this.#user && mode === this.#mode) return;
    if (user !== this.#user) this.#frame = user ? read(this.#keyPrefix + user) : null;
    this.#user = user;
    this.#mode = mode;
    this.#place();
  }

  /**
   * Follows a pointer that went down on the header (move) or the grip (resize). The panel captured
   * it on `handle` at once, so the gesture survives this module's fetch, and noted where the
   * pointer went meanwhile (`missed`): a gesture released before this module came moves the popup
   * there. The frame is stored when the gesture ends.
   */
  drag(handle: HTMLElement, down: PointerEvent, resize: boolean, missed?: PointerEvent): void {
    const panel = this.#panel();
    if (!panel) return;
    const start = frameOf(panel);
    let moved = false;
    // pointerup too: moves made while this module loaded were missed, the release says where it ended.
    const move = (e: PointerEvent): void => {
      const dx = e.clientX - down.clientX;
      const dy = e.clientY - down.clientY;
      // A click on the header without a move leaves the popup where it is (and unstored).
      if (e.pointerId !== down.pointerId || (!moved && !dx && !dy)) return;
      moved = true;
      this.#set(shifted(start, dx, dy, resize), resize, false);
    };
    const end = (e: PointerEvent): void => {
      if (e.pointerId !== down.pointerId) return;
      handle.removeEventListener('pointermove', move);
      handle.removeEventListener('pointerup', move);
      handle.removeEventListener('lostpointercapture', end);
      if (moved) this.#save();
    };
    // The last place the pointer was seen at while this module loaded (the panel noted it).
    if (missed) move(missed);
    if (!handle.hasPointerCapture(down.pointerId)) {
      // The gesture ended before this module came.
      if (moved) this.#save();
      return;
    }
    handle.addEventListener('pointermove', move);
    handle.addEventListener('pointerup', move);
    handle.addEventListener('lostpointercapture', end);
  }

  /** An arrow key on a handle: 16 px, 64 px with Shift (the handles' `aria-keyshortcuts`). */
  nudge(key: string, shift: boolean, resize: boolean): void {
    const panel = this.#panel();
    const [dx, dy] = arrows[key] ?? [0, 0];
    const step = shift ? 64 : 16;
    if (!panel) return;
    this.#set(shifted(frameOf(panel), dx * step, dy * step, resize), resize, true);
  }

  #panel(): HTMLElement | null {
    return this.#host.renderRoot.querySelector<HTMLElement>('#panel');
  }

  #set(f: Frame, resize: boolean, save: boolean): void {
    const panel = this.#panel();
    if (!panel) return;
    this.#frame = this.#fit(panel, f, resize);
    this.#place();
    if (save) this.#save();
  }

  #save(): void {
    if (!this.#user || !this.#frame) return;
    try {
      localStorage.setItem(this.#keyPrefix + this.#user, JSON.stringify({ v: VERSION, ...this.#frame }));
    } catch {
      /* storage blocked: the frame lasts for this page */
    }
  }

  /**
   * Keeps a frame inside the viewport and above the minimum size (the placed popup's
   * `min-width`/`min-height`, from `--chat-panel-min-*` and never above the viewport's). Resizing
   * keeps the upper left corner; a move, or a viewport grown smaller, shifts it.
   */
  #fit(panel: HTMLElement, f: Frame, resize = false): Frame {
    panel.toggleAttribute('data-placed', true);
    const { minWidth, minHeight } = getComputedStyle(panel);
    const { clientWidth: vw, clientHeight: vh } = this.#host.ownerDocument.documentElement;
    const clamp = (n: number, min: number, max: number) => Math.round(Math.max(min, Math.min(n, max)));
    const w = clamp(f.w, parseFloat(minWidth) || 0, resize ? vw - f.x : vw);
    const h = clamp(f.h, parseFloat(minHeight) || 0, resize ? vh - f.y : vh);
    return { x: clamp(f.x, 0, vw - w), y: clamp(f.y, 0, vh - h), w, h };
  }

  /** Shows the frame fitted to the viewport as it is now (the chosen one stays: it comes back when there is room again). */
  #place(): void {
    const panel = this.#panel();
    if (!panel) {
      void this.#host.updateComplete.then(() => this.#panel() && this.#place());
      return;
    }
    const f = this.#frame && this.#host.effectiveMode === 'popup' ? this.#fit(panel, this.#frame) : null;
    panel.toggleAttribute('data-placed', !!f);
    const px = (n: number | undefined) => (n === undefined ? '' : `${n}px`);
    Object.assign(panel.style, { left: px(f?.x), top: px(f?.y), width: px(f?.w), height: px(f?.h) });
  }

  readonly #onResize = (): void => {
    if (this.#frame) this.#place();
  };
}

/** Where the popup is now: its frame, or where its styles put it. */
function frameOf(panel: HTMLElement): Frame {
  const r = panel.getBoundingClientRect();
  return { x: r.left, y: r.top, w: r.width, h: r.height };
}

function shifted(f: Frame, dx: number, dy: number, resize: boolean): Frame {
  // The grip is the lower right corner: the upper left one stays put.
  return resize ? { ...f, w: f.w + dx, h: f.h + dy } : { ...f, x: f.x + dx, y: f.y + dy };
}
