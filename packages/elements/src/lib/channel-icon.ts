import { css, html, svg, type SVGTemplateResult, type TemplateResult } from 'lit';

/*
 * The channel's icon, shown before its name (the conversation list's rows and search hits, the
 * panel's conversation header). Our own simple glyphs on a 24×24 grid, stroked like `icons.ts`,
 * not the brands' artwork. Decorative: `aria-hidden`, no `title`; the name next to it is the text.
 *
 * It ships in the panel's start-up bundle (≤ 45 KB gzip), hence a few shapes per glyph and
 * single-line `svg` literals. `data-icon` names the glyph drawn, which the colours below key on
 * (`facebook` shares `messenger`'s; an unknown kind gets `other`, a plain bubble).
 */
const glyphs: Record<string, SVGTemplateResult> = {
  // A globe: the outline, the equator and one meridian.
  web: svg`<circle cx="12" cy="12" r="9"/><path d="M3 12h18M12 3a14 14 0 0 1 0 18 14 14 0 0 1 0-18"/>`,
  // A paper plane with its fold.
  telegram: svg`<path d="M21 4 3 11l6 2 2 6 3-4 5 4ZM9 13l8-5"/>`,
  // A handset in a round bubble whose tail points down-left.
  whatsapp: svg`<path d="M4 20l1.3-4A8.5 8.5 0 1 1 8 18.7ZM10.5 7 9 8.5c0 3.5 3 6.5 6.5 6.5l1.5-1.5"/>`,
  // The letters V and K.
  vk: svg`<path d="M2 7l3.5 10L9 7m4 0v10m7-10-7 5 7 5"/>`,
  // A handset with call waves.
  viber: svg`<path d="M5 4h3l2 4.5-2 1.5a10 10 0 0 0 6 6l1.5-2 4.5 2v3a2 2 0 0 1-2 2A16 16 0 0 1 3 6a2 2 0 0 1 2-2ZM14 3a7 7 0 0 1 7 7m-7-3a3 3 0 0 1 3 3"/>`,
  // A camera: a rounded square, the lens and the flash.
  instagram: svg`<rect x="3" y="3" width="18" height="18" rx="5"/><circle cx="12" cy="12" r="4"/><path d="M17 7h0"/>`,
  // A round bubble with a lightning zigzag.
  messenger: svg`<path d="M6 21v-3.5A8.5 8 0 1 1 9.5 19.5ZM7 14l3.5-3.5 3 2.5L17 9.5"/>`,
  // A text message: a bubble with three dots.
  sms: svg`<path d="M4 4h16v12H10l-6 4ZM8 10h0m4 0h0m4 0h0"/>`,
  // An envelope.
  email: svg`<rect x="3" y="5" width="18" height="14" rx="2"/><path d="m3 7 9 6 9-6"/>`,
  // Any other kind: a plain bubble.
  other: svg`<path d="M4 4h16v12H10l-6 4Z"/>`,
};

/** The glyph for a channel kind; `other` for one we draw nothing special for. */
function channelGlyph(kind: string): string {
  const name = kind === 'facebook' ? 'messenger' : kind;
  // Own keys only: a module may name its kind `constructor`, which every object inherits.
  return Object.hasOwn(glyphs, name) ? name : 'other';
}

/** The channel's icon (`part="channel-icon"`, `data-icon` = its glyph): put it before the name. */
export function channelIcon(kind: string): TemplateResult {
  const name = channelGlyph(kind);
  return html`<svg part="channel-icon" data-icon=${name} viewBox="0 0 24 24" width="1em" height="1em" aria-hidden="true" focusable="false" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round">${glyphs[name]}</svg>`;
}

/**
 * The icon's place and colours, for every element that shows one: `--chat-channel-<icon>-color`,
 * `<icon>` being `data-icon`. A brand's default is a shade of its colour that keeps 3:1 on white
 * and on the dark theme's surfaces (#111827, #1f2937), so it is the same in both themes; our own
 * channel and the generic ones take the text's colour.
 */
export const channelIconStyles = css`
  [part~='channel-icon'] {
    vertical-align: -0.125em;
    margin-inline-end: 0.25em;
    color: var(--chat-channel-other-color, currentColor);
  }
  [data-icon='web'] {
    color: var(--chat-channel-web-color, currentColor);
  }
  [data-icon='telegram'] {
    color: var(--chat-channel-telegram-color, #229ed9);
  }
  [data-icon='whatsapp'] {
    color: var(--chat-channel-whatsapp-color, #199e4c);
  }
  [data-icon='vk'] {
    color: var(--chat-channel-vk-color, #0070f0);
  }
  [data-icon='viber'] {
    color: var(--chat-channel-viber-color, #7360f2);
  }
  [data-icon='instagram'] {
    color: var(--chat-channel-instagram-color, #d62976);
  }
  [data-icon='messenger'] {
    color: var(--chat-channel-messenger-color, #0a7cff);
  }
  [data-icon='sms'] {
    color: var(--chat-channel-sms-color, currentColor);
  }
  [data-icon='email'] {
    color: var(--chat-channel-email-color, currentColor);
  }
`;
