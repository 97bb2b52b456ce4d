/**
 * The terms of product and order cards in messages (S-W-PROD, S-W-ORD), English; a chunk of their
 * own (cards.i18n.ts). Names, numbers and amounts come in already isolated (lib/bidi.ts `isolate`)
 * or formatted, so a sentence here never reorders around them.
 */
export const en = {
  product: (name: string): string => `Product: ${name}`,
  order: (number: string): string => `Order No. ${number}`,
  inStock: 'In stock',
  outOfStock: 'Out of stock',
  article: (article: string): string => `Article: ${article}`,
  items: 'Items',
  item: (name: string, quantity: number, sum: string): string => `${name} × ${quantity} — ${sum}`,
  delivery: (name: string, cost: string): string => (name ? `Delivery: ${name} — ${cost}` : `Delivery: ${cost}`),
  free: 'free',
  total: (sum: string): string => `Total: ${sum}`,
  toPay: (sum: string): string => `To pay: ${sum}`,
  partlyPaid: (sum: string): string => `Partly paid, ${sum} to pay`,
  paid: 'Paid',
} as const;

export type CardTerms = typeof en;
