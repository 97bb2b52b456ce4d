/*
 * S-W-CUST: text selected in a customer's message offers to become the customer's name, phone,
 * email or address, or a product search. The selection lives in the message's shadow root, so it
 * is read there (Chromium's ShadowRoot.getSelection; elsewhere the document's). The menu itself is
 * selection-menu.ts, loaded on first use.
 */

export type SelectionAction = 'name' | 'phone' | 'email' | 'address' | 'product';

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
