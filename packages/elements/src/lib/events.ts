/**
 * Dispatches a `chat-*` event the way every element here does: bubbling and composed, so a host
 * page hears it through shadow roots. Returns the event so a caller can read `defaultPrevented`.
 */
export function emit<T>(target: EventTarget, name: string, detail: T, options: { cancelable?: boolean } = {}): CustomEvent<T> {
  const event = new CustomEvent<T>(name, { bubbles: true, composed: true, cancelable: options.cancelable ?? false, detail });
  target.dispatchEvent(event);
  return event;
}

/** Detail of `chat-open-change` (the panel's and the consultant's popups). */
export interface ChatOpenChangeDetail {
  open: boolean;
}

declare global {
  interface GlobalEventHandlersEventMap {
    'chat-open-change': CustomEvent<ChatOpenChangeDetail>;
  }
}
