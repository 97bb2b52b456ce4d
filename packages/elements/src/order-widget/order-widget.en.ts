/**
 * The order widget's terms, English: a chunk of their own (the widget loads only the language it
 * shows). Refusals are worded from the error code and `details.reason`, never from the server's
 * English message (that goes to a `title`).
 */

/** Why a call failed, by the protocol's error code. */
const why = (code: string): string =>
  code === 'UNAVAILABLE' ? 'the CRM is not answering, try again'
  : code === '' ? 'no connection to the server, try again'
  : code === 'FORBIDDEN' ? 'you may not do this'
  : code === 'NOT_FOUND' ? 'the conversation or the order is no longer available to you'
  : code === 'UNAUTHENTICATED' ? 'the sign-in has expired'
  : code === 'RATE_LIMITED' ? 'too many requests, try again in a moment'
  : code === 'INVALID_PARAMS' ? 'the values were not accepted'
  : code === 'LIMIT_EXCEEDED' ? 'the message is too long for one message'
  : code === 'CONFLICT' ? 'the conversation is closed or no longer yours'
  : 'server error';

export const en = {
  title: 'Order',
  noClient: 'Not connected to the chat server.',
  noConversation: 'Open a conversation to see its order.',
  loading: 'Loading the order…',
  updating: 'Updating…',
  loadFailed: (code: string): string => (code === 'UNAVAILABLE' ? 'The CRM is not answering: the order could not be loaded.' : `Could not load the order: ${why(code)}.`),
  retry: 'Try again',
  widgetOff: 'The order widget is switched off in the chat settings.',
  noStore: 'The channel of this conversation has no store: an admin chooses one in the chat settings (Widgets).',

  current: 'Current order',
  noCurrent: 'No current order',
  orderNumber: (number: string): string => `Order ${number}`,
  newTab: '(opens in a new tab)',
  status: 'Status',
  items: 'Items',
  each: (price: string): string => `${price} each`,
  delivery: 'Delivery',
  address: 'Address',
  deliveryDate: 'Delivery date',
  payments: 'Payment',
  paidMark: 'paid',
  toPay: 'To pay',
  paymentStatus: (status: 'unpaid' | 'partial' | 'paid'): string => (status === 'paid' ? 'Paid' : status === 'partial' ? 'Partly paid' : 'Unpaid'),
  free: 'free',

  sendLink: 'Send payment link',
  sendSummary: 'Send to customer',
  sending: 'Sending…',
  linkSent: 'Link sent',
  summarySent: 'The order was sent to the customer',
  linkFailed: (code: string): string =>
    code === 'CONFLICT' ? 'Nothing of this order is due online: no link was sent.'
    : code === 'NOT_FOUND' ? 'The CRM has no such order of this customer: no link was sent.'
    : code === 'BAD_URL' ? 'The CRM answered with something that is not an http(s) link: nothing was sent.'
    : `The link was not sent: ${why(code)}.`,
  sendFailed: (code: string): string => `The message was not sent: ${why(code)}.`,
  linkMessage: (number: string, url: string): string => `Payment link for order ${number}: ${url}`,
  summaryMessage: (number: string): string => `Your order ${number}`,
  summaryDelivery: (name: string, cost: string): string => `Delivery: ${name} — ${cost}`,
  summaryAddress: (address: string): string => `Address: ${address}`,
  summaryDate: (date: string): string => `Delivery date: ${date}`,
  summaryToPay: (amount: string): string => `To pay: ${amount}`,
  summaryPaid: 'Paid in full.',

  compose: 'New order',
  composeHint: 'Add products from the Products widget with “Add to order”.',
  draftItems: 'Items of the new order',
  price: 'Price',
  quantity: (name: string): string => `Quantity: ${name}`,
  quantityLabel: 'Qty',
  quantityInvalid: 'A whole number from 1 to 10,000',
  overStock: (n: number): string => `More than in stock (${n})`,
  outOfStock: 'Out of stock',
  remove: (name: string): string => `Remove from the order: ${name}`,
  added: (name: string): string => `Added to the order: ${name}`,
  removed: (name: string): string => `Removed from the order: ${name}`,
  already: (name: string): string => `Already in the order: ${name}`,
  tooMany: 'An order takes at most 100 items.',
  deliveryType: 'Delivery',
  chooseDelivery: 'Choose a delivery…',
  deliveryMissing: 'Choose how the order is delivered',
  deliveryOption: (name: string, cost: string): string => `${name} — ${cost}`,
  addressLabel: 'Delivery address',
  dateLabel: 'Delivery date (optional)',
  dateInvalid: 'Enter the whole date, not before today, or clear the field',
  paymentType: 'Payment (optional)',
  noPayment: 'Not chosen',
  onlineMark: (name: string): string => `${name} (online)`,
  total: 'Total',
  totalInvalid: 'Fix the quantities to see the total',
  needsCustomer: 'An order is placed for a customer saved in the CRM: save this customer in the Customer widget first.',
  itemsMissing: 'Add at least one item',
  place: 'Place order',
  placing: 'Placing…',
  clear: 'Clear',
  placed: (number: string): string => `Order ${number} placed.`,
  placeFailed: (code: string): string =>
    code === 'INVALID_PARAMS' ? 'The CRM did not accept the order: check the items, the delivery and the payment.'
    : code === 'CONFLICT' ? 'The order was not placed: the CRM refused it.'
    : `The order was not placed: ${why(code)}.`,
} as const;

export type OrderTerms = typeof en;
