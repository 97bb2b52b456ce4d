import { css, type ReactiveController, type ReactiveElement } from 'lit';

/** Space between the anchor and the popover, and between the popover and the viewport's edges. */
const GAP = 4;
const MARGIN = 8;

export interface AnchoredPopoverOptions {
  /** What the popover is placed against; presses on it are not "outside". */
  anchor(): Element | undefined;
  /** Which edge of the anchor the popover lines up with (`end`: a button at the end of a composer). */
  align: 'start' | 'end';
  /** Escape (`returnFocus`), a press outside, or focus leaving it by Tab: the owner closes it. */
  close(returnFocus: boolean): void;
}

/**
 * What the emoji picker's and the quick replies' popovers share: a manual popover in the top layer
 * (role `dialog`), placed against its anchor in the viewport and placed again when the viewport
 * scrolls or resizes or the popover changes size; Escape, a press outside it and its anchor, and
 * focus leaving it ask its owner to close it. Escape already taken inside (a form, a nested list)
 * is left alone, and is stopped here: a popup panel around it closes on Escape too.
 */
export class AnchoredPopover implements ReactiveController {
  readonly #host: ReactiveElement;
  readonly #options: AnchoredPopoverOptions;
  #resizeObserver: ResizeObserver | undefined;

  constructor(host: ReactiveElement, options: AnchoredPopoverOptions) {
    this.#host = host;
    this.#options = options;
    host.addController(this);
  }

  hostConnected(): void {
    const host = this.#host;
    host.setAttribute('role', 'dialog');
    if ('showPopover' in host) {
      host.popover = 'manual';
      host.showPopover();
    }
    host.addEventListener('keydown', this.#onKeydown);
    host.addEventListener('focusout', this.#onFocusOut);
    host.ownerDocument.addEventListener('pointerdown', this.#onOutsidePointer, true);
    addEventListener('resize', this.place);
    addEventListener('scroll', this.place, { capture: true, passive: true });
    this.#resizeObserver = new ResizeObserver(this.place);
    this.#resizeObserver.observe(host);
  }

  hostDisconnected(): void {
    const host = this.#host;
    host.removeEventListener('keydown', this.#onKeydown);
    host.removeEventListener('focusout', this.#onFocusOut);
    host.ownerDocument.removeEventListener('pointerdown', this.#onOutsidePointer, true);
    removeEventListener('resize', this.place);
    removeEventListener('scroll', this.place, { capture: true });
    this.#resizeObserver?.disconnect();
  }

  /**
   * Above the anchor (a composer sits at the bottom of its panel), or below it when there is no
   * room above; lined up with its start or end edge; inside the viewport.
   */
  readonly place = (): void => {
    const host = this.#host;
    const a = (this.#options.anchor() ?? host).getBoundingClientRect();
    const { width, height } = host.getBoundingClientRect();
    const vw = document.documentElement.clientWidth;
    const vh = innerHeight;
    let top = a.top - GAP - height;
    if (top < MARGIN && a.bottom + GAP + height <= vh - MARGIN) top = a.bottom + GAP;
    top = Math.max(MARGIN, Math.min(top, vh - MARGIN - height));
    const rtl = getComputedStyle(host).direction === 'rtl';
    const atStart = this.#options.align === 'start';
    const left = atStart !== rtl ? a.left : a.right - width;
    host.style.top = `${Math.round(top)}px`;
    host.style.left = `${Math.round(Math.max(MARGIN, Math.min(left, vw - MARGIN - width)))}px`;
  };

  readonly #onKeydown = (e: KeyboardEvent): void => {
    if (e.key !== 'Escape' || e.defaultPrevented) return;
    e.preventDefault();
    e.stopPropagation();
    this.#options.close(true);
  };

  readonly #onFocusOut = (e: FocusEvent): void => {
    // Focus went elsewhere on the page (Tab out, Shift+Tab back to the button). A click on a spot
    // inside that takes no focus, and a row removed under the focus, leave relatedTarget null.
    const to = e.relatedTarget as Node | null;
    const host = this.#host;
    if (to && !host.contains(to) && !host.renderRoot.contains(to)) this.#options.close(false);
  };

  /** Focus stays where the press put it. */
  readonly #onOutsidePointer = (e: Event): void => {
    const path = e.composedPath();
    const anchor = this.#options.anchor();
    if (!path.includes(this.#host) && !(anchor && path.includes(anchor))) this.#options.close(false);
  };
}

/** In the top layer as a manual popover: the browser's popover box undone; placed by script. Each popover adds its z-index, border and background. */
export const anchoredPopoverStyles = css`
  :host {
    position: fixed;
    inset: auto;
    margin: 0;
    padding: 0;
    max-width: calc(100vw - 16px);
    border-radius: var(--_radius);
    box-shadow: 0 8px 24px color-mix(in srgb, var(--_shadow) 18%, transparent);
    overflow: hidden;
  }
`;
