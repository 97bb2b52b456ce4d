// `@chatdesk/elements/react`: the elements in React 19's JSX, typed. React 19 sets a custom
// element's properties when the element has them (objects and functions arrive as they are) and
// adds an `on<event>` prop as a listener of exactly that event, so `onchat-open-change` hears
// `chat-open-change`. Declarations only (no JavaScript): import it once, `import type {} from '@chatdesk/elements/react'`,
// beside the entries that define the elements.
import type { DetailedHTMLProps, HTMLAttributes } from 'react';
import type { ChatElementBindings, ChatEvents, ChatProperties, ChatTag } from './frameworks/bindings.js';

type Element<T extends ChatTag> = ChatElementBindings[T]['element'];

/** The props of `<T>` in JSX: React's own attributes, the element's properties and its events. */
export type ChatReactProps<T extends ChatTag> = Omit<DetailedHTMLProps<HTMLAttributes<Element<T>>, Element<T>>, keyof ChatProperties<T>> &
  ChatProperties<T> & {
    /** React 19 passes `class` to a custom element as it is. */
    class?: string;
  } & {
    [E in keyof ChatEvents<T> & string as `on${E}`]?: (event: ChatEvents<T>[E]) => void;
  };

/** Every element of ours, as JSX intrinsic elements. */
export type ChatReactElements = { [T in ChatTag]: ChatReactProps<T> };

declare module 'react' {
  namespace JSX {
    interface IntrinsicElements extends ChatReactElements {}
  }
}
