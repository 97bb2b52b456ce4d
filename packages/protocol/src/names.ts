/**
 * The event names as plain data. The browser client checks incoming names against this list
 * instead of the `events` registry, so valibot stays out of the element bundles.
 * test/names.test.ts keeps it equal to the registry.
 */
export const eventNames = ['message.created', 'conversation.updated', 'unread.changed', 'conversation.removed'] as const;
export type KnownEventName = (typeof eventNames)[number];

export function isKnownEventName(name: string): name is KnownEventName {
  return (eventNames as readonly string[]).includes(name);
}
