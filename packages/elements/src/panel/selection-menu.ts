import { html, type TemplateResult } from 'lit';
import type { SelectionAction, SelectionMenu } from './selection-text.js';

/*
 * S-W-CUST: the menu over text selected in a customer's message (a chunk of its own: the panel
 * loads it with the first such selection).
 */

const SELECTION_ACTIONS: readonly SelectionAction[] = ['name', 'phone', 'email', 'address', 'product'];

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
  // `.style` (the CSSOM), not a style attribute, which a page's CSP without 'unsafe-inline' refuses.
  return html`<div part="selection-menu" role="menu" aria-label=${words.label} .style=${`left: ${menu.x}px; top: ${menu.y}px`} @keydown=${onKey} @focusout=${(e: FocusEvent) => {
    if (!(e.currentTarget as HTMLElement).contains(e.relatedTarget as Node | null)) close();
  }}>
    ${SELECTION_ACTIONS.map((a) => html`<button part="selection-menu-item" type="button" role="menuitem" tabindex="-1" data-action=${a} @click=${() => choose(a)}>${words.actions[a]}</button>`)}
  </div>`;
}
