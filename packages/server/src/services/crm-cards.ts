import { countMessageChars, type CrmOrder, type CrmProduct, type MessageCard, type OrderCard, type ProductCard } from '@chatdesk/protocol';

/*
 * Product and order cards (S-W-PROD, S-W-ORD): what the customer is shown of a CRM record, taken
 * when the message is sent, and the plain text that stands for the cards where no card is shown
 * (a messenger without the capability, an older client). The text written here is the fallback
 * when the manager's client sent none: names, numbers and web addresses, no words of a language.
 */

export function productCard(product: CrmProduct, offerId: string): ProductCard | null {
  const offer = product.offers.find((o) => o.id === offerId);
  if (!offer) return null;
  return {
    type: 'product',
    productId: product.id,
    offerId: offer.id,
    name: offer.name,
    article: offer.article,
    price: offer.price,
    currency: offer.currency,
    image: product.image,
    url: product.url,
    inStock: offer.stock === null ? null : offer.stock > 0,
  };
}

export function orderCard(order: CrmOrder): OrderCard {
  return {
    type: 'order',
    orderId: order.id,
    number: order.number,
    status: order.status.name,
    items: order.items.slice(0, 200).map((i) => ({ name: i.name, quantity: i.quantity, price: i.price })),
    delivery: { name: order.delivery.name, cost: order.delivery.cost, address: order.delivery.address },
    currency: order.currency,
    total: order.total,
    // Kopecks, not floats: 1000.1 − 0.2 is 999.9 exactly only when counted in minor units.
    toPay: Math.max(0, Math.round(order.total * 100) - Math.round(order.paid * 100)) / 100,
    paymentStatus: order.paymentStatus,
  };
}

const money = (amount: number, currency: string) => `${Number.isInteger(amount) ? amount : amount.toFixed(2)} ${currency}`;

function cardLines(card: MessageCard): string[] {
  if (card.type === 'product') return card.url ? [`${card.name} — ${money(card.price, card.currency)}`, card.url] : [`${card.name} — ${money(card.price, card.currency)}`];
  const c = card.currency;
  // What matters most first: a channel's limit cuts from the end.
  return [
    `№ ${card.number} · ${card.status} · ${money(card.total, c)}`,
    ...card.items.map((i) => `• ${i.name} × ${i.quantity} — ${money(i.price * i.quantity, c)}`),
    `• ${card.delivery.name} — ${money(card.delivery.cost, c)}`,
    ...(card.delivery.address ? [card.delivery.address] : []),
  ];
}

/**
 * The cards as lines of text within `limit` characters (as S-DLG-12 counts them: no whitespace);
 * the lines that do not fit give way to «…».
 */
export function cardsText(cards: readonly MessageCard[], limit: number): string {
  const lines = cards.flatMap(cardLines);
  let used = 0;
  for (const [i, line] of lines.entries()) {
    used += countMessageChars(line);
    const rest = i === lines.length - 1 ? 0 : 1;
    if (used + rest > limit) return [...lines.slice(0, i), '…'].join('\n');
  }
  return lines.join('\n');
}
