// Browser bundles of the elements: dist/bundles/chat-panel.js (CRM side),
// dist/bundles/chat-consultant.js (shop side), dist/bundles/chat-settings.js (the admins'
// settings screen), dist/bundles/chat-cards.js (the host CRM's customer and order cards) and
// dist/bundles/chat-analytics.js (the chats' figures, S-AN-1). ES
// modules; shared code (Lit, the client) goes into chunks the entries load, so a page with two of
// them downloads it once. dist/bundles/lit-external/ holds the same five without Lit, for pages
// that bring their own.
import { rmSync } from 'node:fs';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import esbuild from 'rollup-plugin-esbuild';
import { readFileSync } from 'node:fs';
import { sharedEsbuildHelpers } from './scripts/rollup-shared-helpers.mjs';
import { squeezeHtmlLiterals } from './scripts/rollup-squeeze-html.mjs';
import { emojiData } from './scripts/rollup-emoji-data.mjs';
import { cspEmojiPicker } from './scripts/rollup-csp-emoji-picker.mjs';
import { precompress } from './scripts/rollup-precompress.mjs';

const outDir = 'dist/bundles';

/**
 * Collapses the whitespace and comments of `css\`…\`` literals in our own sources. Terser leaves
 * template strings alone, and the consultant bundle has a size budget (≤ 20 KB min+gzip).
 */
function minifyCssLiterals() {
  const squeeze = (text) =>
    text
      .replace(/\/\*[\s\S]*?\*\//g, '')
      .replace(/\s+/g, ' ')
      .replace(/\s*([{};])\s*/g, '$1')
      .replace(/,\s+/g, ',')
      // `prop: value` → `prop:value` (no selector of ours has a space after a colon), `;}` → `}`.
      .replace(/:\s+/g, ':')
      .replace(/;}/g, '}')
      .trim();
  return {
    name: 'minify-css-literals',
    transform(code, id) {
      if (!id.includes('/packages/elements/src/') || !code.includes('css`')) return null;
      // Our styles interpolate nothing (`${`), so each literal can be squeezed as a whole.
      return { code: code.replace(/css`([^`$]*)`/g, (_, body) => `css\`${squeeze(body)}\``), map: null };
    },
  };
}

/** Lit's packages, as the host's import map names them when it brings its own Lit. */
export const LIT_PACKAGES = /^(lit|lit-html|lit-element|@lit\/reactive-element|@lit\/context)(\/|$)/;

const entries = {
  'chat-panel': 'packages/elements/src/panel.ts',
  'chat-consultant': 'packages/elements/src/consultant.ts',
  // The admins' settings screen: it checks the form with the protocol's valibot schema, which
  // stays out of the panel's and the consultant's downloads.
  'chat-settings': 'packages/elements/src/settings.ts',
  // The host CRM's cards (a customer's and an order's conversations, S-HOST-1, S-HOST-2).
  'chat-cards': 'packages/elements/src/cards.ts',
  // Chat analytics (S-AN-1): its charts' uPlot is a lazy chunk of its own inside it.
  'chat-analytics': 'packages/elements/src/analytics.ts',
};

/** One build of the five entries into `dir`; `external` leaves some imports to the page. */
function bundles(dir, external) {
  return {
    input: entries,
    external,
    output: {
      dir,
      format: 'es',
      entryFileNames: '[name].js',
      chunkFileNames: 'chunks/shared-[hash].js',
      sourcemap: true,
    },
    plugins: [
      {
        name: 'clean-out-dir',
        // Hashed chunk names change between builds: stale ones would pile up in the served folder.
        buildStart: () => rmSync(dir, { recursive: true, force: true }),
      },
      // No `development` condition: Lit's production build, without dev-mode warnings.
      nodeResolve({ browser: true, exportConditions: ['source'] }),
      minifyCssLiterals(),
      // emoji/data.json (Russian + English) beside the bundles and the lazy picker's URL of it (S-DLG-10).
      emojiData(),
      // emoji-picker-element's styles through the CSSOM: pages with a strict CSP show it styled.
      cspEmojiPicker(),
      esbuild({ target: 'es2022', tsconfig: 'tsconfig.json' }),
      sharedEsbuildHelpers({ target: 'es2022', tsconfig: readFileSync('tsconfig.json', 'utf8') }),
      squeezeHtmlLiterals(),
      terser({ ecma: 2020, module: true, compress: { passes: 2 }, format: { comments: false } }),
      // .br and .gz beside every file, sent to browsers that take them (http/static.ts).
      precompress(),
    ],
  };
}

export default [
  bundles(outDir),
  // The same bundles for a page that has Lit already (dist/bundles/lit-external/): Lit's imports
  // stay bare (\`lit\`, \`lit/decorators.js\`, \`@lit/context\` …) for the page's import map to
  // resolve to its own copy, so Lit is downloaded and run once. Built after the first, whose
  // clean-up empties dist/bundles.
  bundles(`${outDir}/lit-external`, (id) => LIT_PACKAGES.test(id)),
];
