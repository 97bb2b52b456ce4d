/**
 * The customer widget's terms, English: a chunk of their own (the widget loads only the language
 * it shows). Refusals are worded from the protocol's error code and `details.reason`, never from
 * the server's English message (that goes to a `title`).
 */

/** Why a call failed, by the protocol's error code. */
const why = (code: string): string =>
  code === 'FORBIDDEN' ? 'you may not do this'
  : code === 'NOT_FOUND' ? 'the conversation or the customer is no longer available to you'
  : code === 'CONFLICT' ? 'the customer has changed meanwhile, reload the widget'
  : code === 'UNAVAILABLE' || code === '' ? 'no connection to the server or the CRM, try again'
  : code === 'UNAUTHENTICATED' ? 'the sign-in has expired'
  : code === 'RATE_LIMITED' ? 'too many requests, try again in a moment'
  : code === 'INVALID_PARAMS' ? 'the CRM did not accept the values'
  : 'server error';

export const en = {
  title: 'Customer',
  loading: 'Loading…',
  noClient: 'Not connected to the chat server.',
  loadFailed: (code: string): string => `Could not load the customer: ${why(code)}`,
  widgetOff: 'The customer widget is switched off in the settings.',
  retry: 'Try again',

  inChat: 'In the chat',
  chatName: 'Name in the chat',
  channel: 'Channel',

  notSaved: 'This customer is not in the CRM yet: save them, or link a customer the CRM has.',
  saveTitle: 'Save to the CRM',
  store: 'Store',
  noStore: 'The channel has no store: the customer is saved without one.',
  noStoreSaved: 'No store',

  fullName: 'Full name',
  firstName: 'First name',
  lastName: 'Last name',
  patronymic: 'Patronymic',
  phone: 'Phone',
  email: 'Email',
  address: 'Address',
  contacts: 'Messenger logins',
  notSet: 'not set',

  editName: 'Edit the full name',
  editPhone: 'Edit the phone',
  editEmail: 'Edit the email',
  editAddress: 'Edit the address',
  phoneNote: 'The main phone; the others stay.',

  save: 'Save',
  saving: 'Saving…',
  cancel: 'Cancel',
  saved: 'Saved',
  alreadySaved: 'Someone saved this customer meanwhile: their card is shown.',
  saveFailed: (code: string): string => `Could not save: ${why(code)}`,

  tags: 'Tags',
  vip: 'VIP',
  bad: 'BAD',
  tagFailed: (code: string): string => `Could not change the tag: ${why(code)}`,

  matches: 'Matching customers',
  matchCount: (n: number): string => (n === 1 ? '1 matching customer' : `${n} matching customers`),
  link: 'Link',
  linkLabel: (name: string): string => `Link: ${name}`,
  merge: 'Merge into',
  mergeLabel: (name: string): string => `Merge into: ${name}`,
  linked: (name: string): string => `The conversation is linked to ${name}`,
  linkFailed: (code: string): string => `Could not link: ${why(code)}`,
  mergeTitle: 'Merge customers',
  mergeText: (from: string, into: string): string =>
    `${from} will be merged into ${into}. ${into} stays and gains what they lack; every conversation, order and task of ${from} moves to ${into}. This cannot be undone.`,
  mergeConfirm: 'Merge',
  merged: (name: string): string => `Merged into ${name}`,
  mergeFailed: (code: string): string => `Could not merge: ${why(code)}`,
  unnamed: 'No name',

  required: 'Enter the first name',
  badEmail: 'Not an email address',
  badPhone: 'A phone number: digits, spaces and + ( ) - .',
  tooLong: (n: number): string => `At most ${n} characters`,
  refused: 'The CRM did not accept this value',
} as const;

export type CustomerWidgetTerms = typeof en;
