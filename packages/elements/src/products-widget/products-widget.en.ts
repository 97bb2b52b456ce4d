/**
 * The products widget's terms, English: a chunk of its own (the widget loads only the language it
 * shows). Failures are worded from the error code and `details.reason`, never from the server's
 * English message (that goes to a `title` as a technical detail).
 */

/** Why a search failed, by the protocol's error code. */
const why = (code: string): string =>
  code === 'FORBIDDEN' ? 'you may not see the products of this conversation'
  : code === 'NOT_FOUND' ? 'the conversation is no longer available to you'
  : code === 'UNAVAILABLE' ? 'the CRM is not answering'
  : code === '' ? 'no connection to the server'
  : code === 'UNAUTHENTICATED' ? 'the sign-in has expired'
  : code === 'RATE_LIMITED' ? 'too many requests, try again in a moment'
  : code === 'INVALID_PARAMS' ? 'the server did not accept the search'
  : 'server error';

export const en = {
  title: 'Products',
  noClient: 'Not connected to the chat server.',
  noConversation: 'Open a conversation to pick products for it.',

  filters: 'Product search',
  search: 'Search',
  searchPlaceholder: 'Name or article',
  category: 'Category',
  allCategories: 'All categories',
  price: (currency: string): string => `Price, ${currency}`,
  priceFrom: 'from',
  priceTo: 'to',
  priceInvalid: 'A whole number, 0 or more',
  priceOrder: 'Not less than “from”',
  inStock: 'In stock only',
  sort: 'Sort',
  sortNameAsc: 'Name, A to Z',
  sortNameDesc: 'Name, Z to A',
  sortPriceAsc: 'Price, low to high',
  sortPriceDesc: 'Price, high to low',

  results: 'Products',
  loading: 'Loading products…',
  nothingFound: 'Nothing found',
  shown: (n: number): string => (n === 1 ? '1 product shown' : `${n} products shown`),
  loadMore: 'Load more',
  loadingMore: 'Loading…',
  article: (article: string): string => `art. ${article}`,
  outOfStock: 'out of stock',
  inStockCount: (n: number): string => `${n} in stock`,

  noStore: 'The channel of this conversation has no store: an admin chooses one in the chat settings (Widgets).',
  widgetOff: 'The Products widget is switched off in the chat settings.',
  unavailable: 'The CRM is not answering right now.',
  loadFailed: (code: string): string => `Could not load the products: ${why(code)}.`,
  retry: 'Try again',

  picked: (n: number): string => (n === 0 ? 'Nothing picked' : n === 1 ? '1 offer picked' : `${n} offers picked`),
  clearPicks: 'Clear',
  addToOrder: 'Add to order',
  sendToCustomer: 'Send to customer',
} as const;

export type ProductsTerms = typeof en;
