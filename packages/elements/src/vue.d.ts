// `@chatdesk/elements/vue`: the elements in Vue 3 templates, typed for vue-tsc and editors. Vue
// sets a custom element's property when the element has one (bind it camelCased, `:tokenProvider`,
// or with `.prop`) and hyphenates a listener's name back, so `@chat-open-change` hears
// `chat-open-change`. The app still tells Vue's compiler the `chat-` tags are custom elements
// (`isCustomElement`). Declarations only (no JavaScript): `import type {} from '@chatdesk/elements/vue'` once.
import type { DefineComponent } from 'vue';
import type { ChatEvents, ChatProperties, ChatTag } from './frameworks/bindings.js';

/** `chat-open-change` → `ChatOpenChange`: the key Vue's compiler gives `@chat-open-change`. */
type Pascal<S extends string> = S extends `${infer Head}-${infer Tail}` ? `${Capitalize<Head>}${Pascal<Tail>}` : Capitalize<S>;

/** The props of `<T>` in a template: the element's properties and its events as `on…` props. */
export type ChatVueProps<T extends ChatTag> = ChatProperties<T> & {
  [E in keyof ChatEvents<T> & string as `on${Pascal<E>}`]?: (event: ChatEvents<T>[E]) => void;
};

/** Every element of ours, as global components (what vue-tsc reads for a tag). */
export type ChatVueComponents = { [T in ChatTag]: DefineComponent<ChatVueProps<T>> };

declare module 'vue' {
  interface GlobalComponents extends ChatVueComponents {}
}
