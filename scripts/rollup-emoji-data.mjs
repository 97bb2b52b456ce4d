// The emoji picker's data (S-DLG-10), built at bundle time and shipped beside the bundles: the
// picker (emoji-picker-element) fetches a CDN by default, and our pages must load nothing from one.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** Where the file lands, relative to the bundles' folder (`dist/bundles/emoji/data.json`). */
export const EMOJI_DATA_FILE = 'emoji/data.json';

/**
 * The expression in `packages/elements/src/emoji/emoji-picker.ts` that this plugin rewrites into
 * the data file's URL relative to the chunk that module lands in. Kept verbatim in both places:
 * the plugin fails the build when it cannot find it, rather than ship a picker with a dead URL.
 */
const MARKER = 'new URL(BUNDLED_DATA, import.meta.url).href';
const PICKER_MODULE = '/packages/elements/src/emoji/emoji-picker.ts';

const readData = (lang) => JSON.parse(readFileSync(require.resolve(`emoji-picker-element-data/${lang}/emojibase/data.json`), 'utf8'));

/**
 * One file in the picker's own data format where every emoji carries both languages, so a search
 * in Russian or in English finds it whatever the interface language is:
 * - `annotation`: «алое сердце, red heart». The picker shows one annotation (the tooltip and the
 *   button's accessible name), and one file serves both languages, so it names the emoji in both;
 * - `tags`: the Russian and English keywords plus the English shortcodes (`red_heart`, `+1`),
 *   deduplicated. Shortcodes go into `tags`, not `shortcodes`: the picker reads every shortcode
 *   into each emoji's accessible name, while tags only feed the search index;
 * - `emoji`, `group`, `order`, `version`, `emoticon` and the skin tones from the English file
 *   (the two files list the same emoji with the same order, groups and skins).
 */
export function mergeEmojiData(ru, en) {
  const russian = new Map(ru.map((e) => [e.emoji, e]));
  return en.map((e) => {
    const r = russian.get(e.emoji);
    const names = [...new Set([r?.annotation, e.annotation].filter(Boolean))];
    const tags = [...new Set([...(r?.tags ?? []), ...(r?.shortcodes ?? []), ...(e.tags ?? []), ...(e.shortcodes ?? [])])]
      // A keyword that is a whole name already is in the search index through the annotation.
      .filter((t) => !names.includes(t));
    return {
      annotation: names.join(', '),
      tags,
      emoji: e.emoji,
      group: e.group,
      order: e.order,
      version: e.version,
      ...(e.emoticon === undefined ? {} : { emoticon: e.emoticon }),
      ...(e.skins ? { skins: e.skins } : {}),
    };
  });
}

/**
 * Emits `emoji/data.json` beside the bundles on every build (whether or not an entry reaches the
 * picker yet: integrators may point the element's `dataSource` at it), and points the picker's
 * default data URL at it: `import.meta.ROLLUP_FILE_URL_…` renders as
 * `new URL('../emoji/data.json', import.meta.url)` from a chunk in `chunks/`, so the URL follows
 * the bundles wherever they are served from, whatever the origin of the page that loads them.
 */
export function emojiData() {
  let ref;
  return {
    name: 'emoji-data',
    buildStart() {
      const source = JSON.stringify(mergeEmojiData(readData('ru'), readData('en')));
      ref = this.emitFile({ type: 'asset', fileName: EMOJI_DATA_FILE, source });
    },
    transform(code, id) {
      if (!id.replaceAll('\\', '/').endsWith(PICKER_MODULE)) return null;
      if (!code.includes(MARKER)) this.error(`emoji-data: ${PICKER_MODULE} no longer holds \`${MARKER}\``);
      return { code: code.replace(MARKER, `import.meta.ROLLUP_FILE_URL_${ref}`), map: null };
    },
  };
}
