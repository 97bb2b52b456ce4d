/**
 * The tasks widget's terms, English: a chunk of their own (the widget loads only the language it
 * shows). Refusals are worded from the error code and `details.reason`, never from the server's
 * English message (that goes to a `title`).
 */

/** Why a call failed, by the protocol's error code. */
const why = (code: string): string =>
  code === 'UNAVAILABLE' ? 'the CRM is not answering, try again'
  : code === '' ? 'no connection to the server, try again'
  : code === 'FORBIDDEN' ? 'you may not do this'
  : code === 'NOT_FOUND' ? 'it is no longer available to you'
  : code === 'UNAUTHENTICATED' ? 'the sign-in has expired'
  : code === 'RATE_LIMITED' ? 'too many requests, try again in a moment'
  : code === 'INVALID_PARAMS' ? 'the CRM did not accept the values'
  : 'server error';

export const en = {
  title: 'Tasks',
  noClient: 'Not connected to the chat server.',
  loading: 'Loading the tasks…',
  updating: 'Updating…',
  loadFailed: (code: string): string => (code === 'UNAVAILABLE' ? 'The CRM is not answering: the tasks could not be loaded.' : `Could not load the tasks: ${why(code)}.`),
  retry: 'Try again',
  widgetOff: 'The tasks widget is switched off in the chat settings.',
  needsCustomer: 'Tasks are set on a customer saved in the CRM. Save this customer in the CRM first, then add tasks here.',

  tabAll: 'All',
  tabMine: 'Mine',
  empty: 'No open tasks',

  due: 'Due',
  noDeadline: 'No deadline',
  overdue: 'Overdue',
  performer: 'Performer',
  completed: 'Completed',
  order: (number: string): string => `Order #${number}`,
  orderLinked: 'Linked to an order',
  completeFailed: (code: string): string => `Could not complete the task: ${why(code)}.`,
  announceCreated: 'Task created.',
  announceCompleted: (text: string): string => `Task completed: ${text}.`,

  newTask: 'New task',
  text: 'Task',
  textRequired: 'Write what needs to be done.',
  deadline: 'Deadline',
  deadlineInput: 'Date and time',
  deadlineNone: 'Optional.',
  deadlineBad: 'Enter the whole date and time, or clear the field.',
  deadlineSet: (when: string): string => `Due ${when}.`,
  todayEnd: 'Today, by the end of the day',
  tomorrow: 'Tomorrow',
  performerLabel: 'Performer',
  me: (name: string): string => `${name} (me)`,
  linkOrder: (number: string): string => `Link to the current order #${number}`,
  create: 'Create',
  creating: 'Creating…',
  cancel: 'Cancel',
  createFailed: (code: string): string =>
    code === 'NOT_FOUND' ? 'The task was not created: the order or the conversation is no longer available to you.'
    : code === 'INVALID_PARAMS' ? 'The CRM did not accept the task: check the text, the deadline and the performer.'
    : `The task was not created: ${why(code)}.`,
} as const;

export type TasksTerms = typeof en;
