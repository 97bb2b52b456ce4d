import { html, type TemplateResult } from 'lit';

/*
 * S-W-CUST: text selected in a customer's message offers to become the customer's name, phone,
 * email or address, or a product search. The selection lives in the message's shadow root, so it
 * is read there (Chromium's ShadowRoot.getSelection; elsewhere the document's).
 */

export type SelectionAction = 'name' | 'phone' | 'email' | 'address' | 'product';
export const SELECTION_ACTIONS: readonly SelectionAction[] = ['name', 'phone', 'email', 'address', 'product'];

/** Where the menu opens and what it acts on. */
export interface SelectionMenu {
  text: string;
  x: number;
  y: number;
}

/** Longer selections are not a name or a product query. */
const MAX_CHARS = 200;

/** The text selected in a customer's message the event came from (a pointer up, a context menu), or null. */
export function selectedCustomerText(e: Event): string | null {
  const message = e.composedPath().find((n): n is HTMLElement => n instanceof HTMLElement && n.localName === 'chat-message');
  if (!message || message.getAttribute('author-kind') !== 'customer') return null;
  const root = message.shadowRoot as (ShadowRoot & { getSelection?: () => Selection | null }) | null;
  const text = (root?.getSelection?.() ?? document.getSelection())?.toString().trim() ?? '';
  return text.length > 0 && text.length <= MAX_CHARS ? text : null;
}

/** The menu: a `menu` of one button per action, arrow keys between them, Escape closes. */
export function renderSelectionMenu(
  menu: SelectionMenu,
  words: { label: string; actions: Record<SelectionAction, string> },
  choose: (action: SelectionAction) => void,
  close: () => void,
): TemplateResult {
  const onKey = (e: KeyboardEvent) => {
    const items = [...(e.currentTarget as HTMLElement).querySelectorAll<HTMLElement>('[role="menuitem"]')];
    const i = items.indexOf(e.target as HTMLElement);
    const next = e.key === 'ArrowDown' ? items[(i + 1) % items.length] : e.key === 'ArrowUp' ? items[(i - 1 + items.length) % items.length] : e.key === 'Home' ? items[0] : e.key === 'End' ? items[items.length - 1] : undefined;
    if (next) {
      e.preventDefault();
      next.focus();
    } else if (e.key === 'Escape' || e.key === 'Tab') {
      e.preventDefault();
      e.stopPropagation();
      close();
    }
  };
  return html`<div part="selection-menu" role="menu" aria-label=${words.label} style="left:${menu.x}px;top:${menu.y}px" @keydown=${onKey} @focusout=${(e: FocusEvent) => {
    if (!(e.currentTarget as HTMLElement).contains(e.relatedTarget as Node | null)) close();
  }}>
    ${SELECTION_ACTIONS.map((a) => html`<button part="selection-menu-item" type="button" role="menuitem" tabindex="-1" data-action=${a} @click=${() => choose(a)}>${words.actions[a]}</button>`)}
  </div>`;
}
