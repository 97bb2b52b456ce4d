/**
 * The event names as plain data. The browser client checks incoming names against this list
 * instead of the `events` registry, so valibot stays out of the element bundles.
 * test/names.test.ts keeps it equal to the registry.
 */
export const eventNames = [
  'message.created',
  'message.updated',
  'message.status',
  'conversation.updated',
  'channel.updated',
  'unread.changed',
  'conversation.removed',
  'settings.changed',
  'draft.changed',
  'internal.chat',
  'internal.message',
  'internal.unread',
  'quickReplies.changed',
] as const;
export type KnownEventName = (typeof eventNames)[number];

export function isKnownEventName(name: string): name is KnownEventName {
  return (eventNames as readonly string[]).includes(name);
}

/** The signal names (unlogged pushes), checked the same way. */
export const signalNames = ['typing'] as const;
export type KnownSignalName = (typeof signalNames)[number];

export function isKnownSignalName(name: string): name is KnownSignalName {
  return (signalNames as readonly string[]).includes(name);
}

/**
 * S-CH-3: the distribution bot's id in `SystemEvent.by` (a built-in bot, not a CRM user: the
 * same for every reader; the elements show its name in the reader's language).
 */
export const DISTRIBUTION_BOT_ID = 'chatdesk:distribution-bot';
