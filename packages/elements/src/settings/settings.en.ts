/**
 * The settings screen's terms, English: a chunk of their own (the settings bundle loads only the
 * language it shows). The schema's and the server's messages are keys of `issue` below, so a
 * refusal reads in the user's language; a message not listed there shows as it came.
 */

/** Why a load or a save failed, by the protocol's error code. */
const why = (code: string): string =>
  code === 'FORBIDDEN' ? 'you may not do this'
  : code === 'UNAVAILABLE' || code === '' ? 'no connection to the server, try again'
  : code === 'UNAUTHENTICATED' ? 'the sign-in has expired'
  : code === 'RATE_LIMITED' ? 'too many requests, try again in a moment'
  : code === 'INVALID_PARAMS' ? 'the server did not accept the values'
  : 'server error';

const plural = (n: number, one: string, many: string): string => `${n} ${n === 1 ? one : many}`;

const issues: Readonly<Record<string, string>> = {
  'at least 30 seconds': 'At least 30 seconds',
  'a multiple of 30 seconds': 'A multiple of 30 seconds',
  'at most 30 days': 'At most 30 days',
  'less than the processing time': 'Less than the reply time',
  'required while the policy is on': 'Required while the policy is on',
  'an http or https address': 'An http:// or https:// address',
  'a store is required for every channel': 'Every channel needs a store',
  'no such store': 'No such store',
};

export const en = {
  title: 'Chat settings',
  loading: 'Loading the settings…',
  noAccess: 'Only admins and chat admins can see and change the chat settings.',
  noClient: 'Not connected to the chat server.',
  loadFailed: (code: string): string => `Could not load the settings: ${why(code)}`,
  retry: 'Try again',

  tabGeneral: 'General',
  tabPrivacy: 'Privacy policy',
  tabWidgets: 'Widgets',
  tabTimeLimits: 'Time limits',
  tabPersonal: 'My preferences',

  personalHint: 'Your own preferences, on every device you sign in with. Saved as you change them.',
  desktopNotifications: 'Desktop notifications',
  desktopNotificationsHint: 'A new conversation or message shows a notification while the chat page is not in view. The browser asks for permission first.',
  notificationsBlocked: 'The browser blocks notifications for this site: allow them in its site settings first.',
  sound: 'Sound for new conversations and messages',
  soundHint: 'A short chime. Browsers let a page play sound only once you have clicked or typed on it.',
  language: 'Language of the chat',
  languageBrowser: 'As in the browser',
  languageHint: 'Used where the CRM page does not set a language of its own.',
  prefsFailed: 'Could not save: no connection to the server, try again',

  chatsEnabled: 'Chats are on',
  chatsEnabledHint: 'Off: the panel and the unread badge disappear for every user, and the chat server refuses chat calls.',
  displayMode: 'How the panel shows',
  displayPopup: 'A window over the page',
  displaySection: 'A section of the page',
  managersSeeUnassigned: 'Managers see unassigned conversations',
  managersSeeUnassignedHint: 'Off: only admins and chat admins see them until the assignment list, the bot or an admin hands them out.',
  autoClose: 'Close assigned conversations after inactivity',
  autoCloseAfter: 'Close after',
  assignment: 'New conversations go to',
  assignmentHint: 'In turn, among those online. Nobody chosen: new conversations wait in the shared queue. Not used while the bot is on.',
  noManagers: 'No user has the chats right yet.',
  online: 'online',
  bot: 'Distribution bot',
  botEnabled: 'The bot hands out conversations',
  botCapacity: 'Conversations per manager, at most',
  botManagers: 'Managers the bot hands conversations to',
  botClose: 'Close any conversation after inactivity while the bot is on',
  botCloseAfter: 'Close after',
  botSaveCustomers: 'Save new customers in the CRM',
  botSaveCustomersHint: 'While the bot is on, the customer of each new conversation who is not in the CRM yet is created there, in their channel’s store, and linked. A CRM that does not answer is tried again later.',

  privacyEnabled: 'New customers agree to the privacy policy first',
  privacyEnabledHint: 'A customer’s first conversation on a channel opens only once they agree to the policy as it reads now.',
  privacyText: 'Text',
  privacyTextHint: 'The first message of a new conversation.',
  privacyLink: 'Link to the policy',
  privacyLinkHint: 'An http:// or https:// address; required while the policy is on.',
  privacyExcluded: 'Channels without the policy step',
  noChannels: 'There are no channels yet.',
  notConnected: 'not connected',

  stores: 'The store of each channel',
  noStores: 'The chat server knows no stores, so the channels need none.',
  chooseStore: '— choose a store —',
  unknownStore: (code: string): string => `Unknown store “${code}”`,
  widgets: 'Widgets in a conversation',
  widgetOrder: 'Order',
  widgetProducts: 'Products',
  widgetTasks: 'Tasks',
  orderMethod: 'Order method',
  orderType: 'Order type',
  orderCodeHint: 'The code as the CRM has it, for orders made in chats.',

  limitsDefault: 'Every channel',
  limitsHint: 'From 30 seconds to 30 days, in steps of 30 seconds.',
  warning: 'Warning after',
  warningHint: 'The conversation turns yellow this long after the customer’s unanswered message. Empty: no warning.',
  processing: 'Reply within',
  processingHint: 'Then it turns red.',
  perChannel: 'Channels with limits of their own',
  noOverrides: 'Every channel uses the limits above.',
  addOverrideFor: 'Channel',
  addOverride: 'Add limits of its own',
  allOverridden: 'Every channel has limits of its own.',
  removeOverride: (channel: string): string => `Remove the limits of ${channel}`,
  remove: 'Remove',
  channelNumber: (id: string): string => `Channel ${id}`,

  days: 'days',
  hours: 'hours',
  minutes: 'minutes',
  seconds: 'seconds',
  duration: (ms: number): string => {
    const parts: string[] = [];
    let rest = Math.round(ms / 1000);
    for (const [size, unit] of [[86_400, 'd'], [3_600, 'h'], [60, 'min'], [1, 's']] as const) {
      if (rest >= size) parts.push(`${Math.floor(rest / size)} ${unit}`);
      rest %= size;
    }
    return parts.join(' ') || '0 s';
  },

  save: 'Save',
  saving: 'Saving…',
  showIssue: 'Go to the field',
  saved: 'Saved',
  discard: 'Discard changes',
  issues: (n: number): string => plural(n, 'field needs attention', 'fields need attention'),
  conflict: 'Someone else saved the settings meanwhile: their values are shown; your changes are kept — review and save again.',
  saveFailed: (code: string): string => `Could not save: ${why(code)}`,
  dismiss: 'Dismiss',

  /** The schema's and the server's messages (protocol/src/settings.ts, server/src/services/settings.ts); '' for another. */
  issue: (message: string): string => issues[message] ?? '',
  /** valibot's own messages, read by their pattern. */
  atLeast: (n: string): string => `At least ${n}`,
  atMost: (n: string): string => `At most ${n}`,
  maxChars: (n: string): string => `At most ${n} characters`,
  wholeNumber: 'A whole number',
} as const;

export type SettingsTerms = typeof en;
