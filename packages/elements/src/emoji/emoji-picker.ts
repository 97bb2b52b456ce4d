/**
 * The emoji picker itself (S-DLG-10), loaded by `<chat-emoji-button>` on its first opening: the
 * picker (emoji-picker-element, a kept web component: keyboard navigation, search, skin tones, a
 * "frequently used" row kept in IndexedDB) and its Russian words travel in this lazy chunk, never
 * in a start-up bundle. Its data is a file of its own beside the bundles, fetched by the picker.
 */
import Picker from 'emoji-picker-element/picker.js';
import ru from 'emoji-picker-element/i18n/ru_RU.js';
import type { Lang } from '../lib/localize.js';

export type { Picker };

/** The data file, relative to the bundles' folder. */
const BUNDLED_DATA = './emoji/data.json';

/**
 * The merged Russian + English data that rollup.config.mjs emits beside the bundles
 * (`dist/bundles/emoji/data.json`, scripts/rollup-emoji-data.mjs). At bundle time the plugin
 * rewrites this very expression into the file's URL relative to the chunk this module lands in,
 * so it resolves against the bundles' own URL: the chat server's `/bundles/`, whatever the origin
 * of the page. Run from source (tests, a dev server, an app's own bundler) it points nowhere: set
 * the element's `dataSource` there. (A variable, not a literal, as the first argument: bundlers
 * that resolve `new URL('literal', import.meta.url)` as an asset would fail on a missing file.)
 */
export const bundledDataSource: string = new URL(BUNDLED_DATA, import.meta.url).href;

export interface PickerOptions {
  lang: Lang;
  /** The data's URL; empty for the bundled file. */
  dataSource: string;
  /** Whose recent emoji to keep and show; empty for everyone on this browser profile. */
  user: string;
}

/**
 * The name of the IndexedDB database that holds the data, the skin tone and the recent emoji.
 * The picker names it after its `locale` (`emoji-picker-element-<locale>`) and uses the locale for
 * nothing else (1.29), and our one data file serves both languages: so the locale is ours to
 * choose, and a user of their own gets a database of their own. The recent emoji then follow the
 * user on this browser profile, whatever the interface language; another browser or device
 * starts afresh (nothing is kept on the server).
 */
export function databaseLocale(user: string): string {
  return user ? `chatdesk:${user}` : 'chatdesk';
}

/**
 * A new picker. Passing the options to the constructor, not setting them after, matters: the
 * picker creates its database in a microtask after construction, and one built with the defaults
 * would fetch the library's CDN.
 */
export function createPicker({ lang, dataSource, user }: PickerOptions): Picker {
  // A page that brought its own emoji-picker-element defined the tag first (the library then
  // leaves it alone): construct through the registered class, or the constructor would throw.
  const Registered = (customElements.get('emoji-picker') as typeof Picker | undefined) ?? Picker;
  return new Registered({
    dataSource: dataSource || bundledDataSource,
    locale: databaseLocale(user),
    // English is the picker's own default (an explicit `i18n: undefined` would replace it).
    ...(lang === 'ru' ? { i18n: ru } : {}),
  });
}
