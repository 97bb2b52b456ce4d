/**
 * The quick replies' terms, English (S-QR-1..4): the popover's, the edit dialog's and the
 * composer's `/` suggestions'. A chunk of their own, loaded with the first of them (the button's
 * one word travels with the button: quick-replies.i18n.ts). Refusals are worded from the error
 * code and `details.reason`, never from the server's English message (that goes to a `title`).
 */

/** Why a call failed, by the protocol's error code. */
const why = (code: string): string =>
  code === '' || code === 'UNAVAILABLE' ? 'no connection to the server, try again'
  : code === 'FORBIDDEN' ? 'you may not do this'
  : code === 'NOT_FOUND' ? 'it is no longer there'
  : code === 'UNAUTHENTICATED' ? 'the sign-in has expired'
  : code === 'RATE_LIMITED' ? 'too many requests, try again in a moment'
  : 'server error';

/** A template error and its line (S-QR-4). */
const templateAt = (line: number): string => (line > 0 ? `Template error on line ${line}` : 'Template error');

export const en = {
  quickReplies: 'Quick replies',
  search: 'Search quick replies',
  searchPlaceholder: 'Search by command, title or text',
  loading: 'Loading the quick replies…',
  loadFailed: (code: string): string => `Could not load the quick replies: ${why(code)}.`,
  retry: 'Try again',
  empty: 'No quick replies yet',
  createFirst: 'Create the first reply',
  noMatches: 'No quick reply matches',
  uncategorised: 'Uncategorised',
  found: (n: number): string => (n === 1 ? '1 quick reply' : `${n} quick replies`),
  inserting: 'Inserting…',
  noConversation: 'Open a customer conversation to insert a quick reply.',
  /** S-QR-4: a reply that cannot be rendered for this conversation inserts nothing. */
  renderFailed: (code: string, reason: string, line: number): string =>
    code === 'INVALID_PARAMS' && reason === 'template' ? `Not inserted: ${templateAt(line).toLowerCase()}. Ask an administrator to fix the reply.`
    : code === 'LIMIT_EXCEEDED' ? 'Not inserted: the reply is too long or too heavy to render.'
    : code === 'NOT_FOUND' ? 'Not inserted: the reply or the conversation is no longer there.'
    : `Not inserted: ${why(code)}.`,

  // Edit mode (S-QR-2): admins and chat admins.
  editMode: 'Edit quick replies',
  newReply: 'New reply',
  newCategory: 'New category',
  categoryName: 'Category name',
  save: 'Save',
  saving: 'Saving…',
  cancel: 'Cancel',
  delete: 'Delete',
  editReply: (command: string): string => `Edit /${command}`,
  deleteReply: (command: string): string => `Delete /${command}`,
  renameCategory: (name: string): string => `Rename the category “${name}”`,
  deleteCategory: (name: string): string => `Delete the category “${name}”`,
  confirmDeleteReply: (command: string): string => `Delete the quick reply /${command}?`,
  confirmDeleteCategory: (name: string): string => `Delete the category “${name}”? Its replies stay, without a category.`,
  nameRequired: 'Enter a name.',
  categoryTaken: 'Another category has this name.',
  tooManyCategories: 'There are 100 categories already: delete one first.',
  actionFailed: (code: string): string => `Could not do it: ${why(code)}.`,
  announceSaved: 'Quick reply saved.',
  announceDeleted: 'Quick reply deleted.',
  announceCategorySaved: 'Category saved.',
  announceCategoryDeleted: 'Category deleted; its replies are uncategorised.',

  // The dialog.
  dialogNew: 'New quick reply',
  dialogEdit: 'Edit quick reply',
  close: 'Close',
  command: 'Command',
  commandHint: 'Typed after / in the message field: letters, digits, - and _, no spaces.',
  commandRequired: 'Enter a command.',
  commandInvalid: 'Use 1–32 letters, digits, - or _, without spaces.',
  commandTaken: (command: string): string => `Another reply has the command /${command}.`,
  title: 'Title',
  titleRequired: 'Enter a title.',
  category: 'Category',
  noCategory: 'No category',
  text: 'Text',
  textRequired: 'Enter the text.',
  textTooLong: (max: number): string => `At most ${max} characters, spaces included.`,
  counter: (n: number, max: number): string => `${n} of ${max} characters`,
  /** The engine's own (English) message follows it, marked as English. */
  templateError: (line: number): string => `${templateAt(line)}.`,
  variables: 'Insert a variable',
  varFirstName: 'First name',
  varLastName: 'Last name',
  varPatronymic: 'Patronymic',
  varFullName: 'Full name',
  varEmail: 'Email',
  varPhone: 'Phone',
  varManager: 'Manager',
  varOrderNumber: 'Order number',
  varOrderStatus: 'Order status',
  varOrderTotal: 'Order total',
  varOrderToPay: 'To pay',
  insertVariable: (name: string, expression: string): string => `Insert ${name} (${expression})`,
  preview: 'Preview for this customer',
  previewEmpty: 'The text as this customer will get it shows here.',
  previewNoConversation: 'Open a customer conversation to see the preview.',
  previewLoading: 'Rendering…',
  previewBlank: 'The text renders empty for this customer.',
  previewFailed: (code: string): string =>
    code === 'LIMIT_EXCEEDED' ? 'Too long or too heavy to render.' : `No preview: ${why(code)}.`,
  saveFailed: (code: string): string =>
    code === 'LIMIT_EXCEEDED' ? 'Not saved: there are 1000 quick replies already; delete some first.'
    : code === 'NOT_FOUND' ? 'Not saved: the reply or its category was deleted meanwhile.'
    : code === 'FORBIDDEN' ? 'Not saved: only administrators and chat administrators change quick replies.'
    : code === 'INVALID_PARAMS' ? 'Not saved: check the fields.'
    : `Not saved: ${why(code)}.`,

  // The composer's `/` suggestions.
  suggestions: 'Quick replies',
  suggestionsOpen: (n: number): string => `${n === 1 ? '1 quick reply' : `${n} quick replies`}: arrows to choose, Enter to insert, Escape to close.`,
} as const;

export type QuickRepliesTerms = typeof en;
