/** The CRM side panel's terms, English (its own chunk, S-W-*). */
export const en = {
  label: 'Customer, products, order and tasks',
  customer: 'Customer',
  products: 'Products',
  order: 'Order',
  tasks: 'Tasks',
  loadFailed: 'The CRM did not answer: the widgets may show nothing until it does.',
  retry: 'Try again',
  productsSent: (n: number): string => (n === 1 ? 'The product was sent to the customer.' : `${n} products were sent to the customer.`),
  productsMessage: 'Take a look:',
  sendFailed: 'Could not send the products to the customer.',
  productGone: 'A picked product is no longer in the store: search again and pick it anew.',
} as const;

export type CrmSidebarTerms = typeof en;
