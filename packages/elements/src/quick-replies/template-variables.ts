import type { QuickRepliesTerms } from './quick-replies-ui.en.js';

/**
 * The variables the edit dialog's picker offers (S-QR-4; the server's quick-reply-render.ts makes
 * them): the term that names the button, and the expression it inserts.
 * `customer.*` is the CRM's customer when the conversation's customer is saved there, else the
 * chat's; `order.*` is the customer's current order and renders empty without one.
 */
export const templateVariables: readonly (readonly [term: keyof QuickRepliesTerms & `var${string}`, expression: string])[] = [
  ['varFirstName', 'customer.firstName'],
  ['varLastName', 'customer.lastName'],
  ['varPatronymic', 'customer.patronymic'],
  ['varFullName', 'customer.fullName'],
  ['varEmail', 'customer.email'],
  ['varPhone', 'customer.phone'],
  ['varManager', 'manager.name'],
  ['varOrderNumber', 'order.number'],
  ['varOrderStatus', 'order.status'],
  ['varOrderTotal', 'order.total'],
  ['varOrderToPay', 'order.toPay'],
];

/** What a picker button inserts: the expression in Twig's output tags. */
export const placeholderOf = (expression: string): string => `{{ ${expression} }}`;
