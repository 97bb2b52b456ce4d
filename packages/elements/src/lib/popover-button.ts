import { css, html, nothing, type PropertyDeclarations, type PropertyValues, type TemplateResult } from 'lit';
import { ChatElement } from './chat-element.js';
import { icon } from './icons.js';

/**
 * What the composer's emoji and quick-replies buttons share: an icon button (`part="button"`,
 * `aria-haspopup="dialog"`, `aria-expanded`) that shows a popover while `open`. Only the button is
 * in the bundle that uses it; the popover's chunk is fetched on the first opening (until it is in,
 * the popover is an unknown, empty element that upgrades when it lands; a chunk that cannot be
 * fetched closes it, and the next press asks again).
 *
 * `static properties` rather than decorators: these buttons are in the panel's start-up download,
 * and esbuild lowers standard decorators into more code per property.
 */
export abstract class PopoverButton extends ChatElement {
  // Subclasses add theirs; Lit keeps the base's.
  static override properties: PropertyDeclarations = {
    open: { type: Boolean, reflect: true },
    disabled: { type: Boolean, reflect: true },
  };

  /** Whether the popover is open; `show()` and `hide()` set it. */
  declare open: boolean;

  declare disabled: boolean;

  constructor() {
    super();
    this.open = this.disabled = false;
  }

  /** The button's accessible name and tooltip. */
  protected abstract label(): string;

  /** The icon's SVG path. */
  protected abstract iconPath(): string;

  /** Fetches the popover's chunk. */
  protected abstract loadPopover(): Promise<unknown>;

  /** The popover, rendered while open. */
  protected abstract renderPopover(): TemplateResult;

  /** Opens the popover (loading it the first time). */
  show(): void {
    if (!this.disabled) this.open = true;
  }

  /** Closes the popover; focus goes back to the button unless `returnFocus` is false. */
  hide(returnFocus = true): void {
    this.open = false;
    if (returnFocus) this.renderRoot.querySelector<HTMLElement>('[part~="button"]')?.focus();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (this.disabled) this.open = false;
    if (changed.has('open') && this.open) this.loadPopover().catch(() => (this.open = false));
  }

  override render() {
    const label = this.label();
    return html`<button
        part="button"
        type="button"
        aria-label=${label}
        title=${label}
        aria-haspopup="dialog"
        aria-expanded=${this.open}
        ?disabled=${this.disabled}
        @click=${() => (this.open ? this.hide() : this.show())}
      >
        ${icon(this.iconPath())}
      </button>
      ${this.open ? this.renderPopover() : nothing}`;
  }
}

/**
 * The button's looks. Each element sets `--_button-size` and `--_button-color` from its own custom
 * properties, read with fallbacks (not declared on :host), so values set on it or inherited from
 * above both win.
 */
export const popoverButtonStyles = css`
  :host {
    display: inline-block;
    vertical-align: bottom;
  }
  :host([hidden]) {
    display: none;
  }
  [part~='button'] {
    display: inline-grid;
    place-items: center;
    width: var(--_button-size);
    height: var(--_button-size);
    padding: 0;
    border: 0;
    border-radius: var(--_radius);
    background: none;
    color: var(--_button-color);
    font: inherit;
    font-size: 1.25em;
    cursor: pointer;
  }
  [part~='button']:hover,
  :host([open]) [part~='button'] {
    background: var(--_surface-alt);
    color: var(--_text);
  }
  [part~='button']:disabled {
    opacity: 0.5;
    cursor: default;
  }
`;
