import { css } from 'lit';

/**
 * The themes an element can be forced into with its `theme` attribute: `light`, `dark`, or `auto`
 * (the system's `prefers-color-scheme`). Without one, it follows the page's `color-scheme`.
 */
export type Theme = 'light' | 'dark' | 'auto';

/**
 * Theme tokens shared by every element. Each element maps its own `--chat-*` properties onto
 * these, so a host page can restyle all of them at once (`--chat-accent`) or one element alone.
 *
 * The dark theme: every default is a `light-dark(light, dark)` pair. A custom property keeps it
 * unresolved, so it is resolved where a colour is finally used, by that element's used
 * `color-scheme` — and `color-scheme` is inherited, through shadow roots and into the top layer (a
 * popover stays a child of its element), so everything inside an element follows the element.
 * `theme` sets it on the element; without it the element inherits the page's (a page declaring
 * `color-scheme: light dark` gets ours following the system; a page declaring none stays light).
 * Dark pairs keep WCAG AA: text and the muted text 4.5:1 on both surfaces, the accent and the
 * danger colour 4.5:1 as text on the surfaces and with their `-text` colour on them.
 */
export const tokens = css`
  :host {
    --_accent: var(--chat-accent, light-dark(#2563eb, #60a5fa));
    --_accent-text: var(--chat-accent-text, light-dark(#fff, #111827));
    --_surface: var(--chat-surface, light-dark(#fff, #111827));
    --_surface-alt: var(--chat-surface-alt, light-dark(#f3f4f6, #1f2937));
    --_text: var(--chat-text, light-dark(#111827, #f3f4f6));
    --_muted: var(--chat-muted, light-dark(#4b5563, #9ca3af));
    --_border: var(--chat-border, light-dark(#d1d5db, #4b5563));
    --_danger: var(--chat-danger, light-dark(#b91c1c, #f87171));
    --_danger-text: var(--chat-danger-text, light-dark(#fff, #111827));
    --_success: var(--chat-success, light-dark(#15803d, #4ade80));
    --_warning: var(--chat-warning, light-dark(#d97706, #f59e0b));
    --_warning-surface: var(--chat-warning-surface, light-dark(#fef3c7, #422006));
    --_warning-text: var(--chat-warning-text, light-dark(#78350f, #fde68a));
    --_highlight: var(--chat-highlight, light-dark(#facc15, #a16207));
    /* Shadows mix this with transparency, each at its own strength. */
    --_shadow: var(--chat-shadow, #000);
    --_overlay: var(--chat-overlay, light-dark(rgb(0 0 0 / 0.35), rgb(0 0 0 / 0.6)));
    --_radius: var(--chat-radius, 8px);
    --_font: var(--chat-font, system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif);
    --_focus: var(--chat-focus-ring, 2px solid var(--_accent));
    font-family: var(--_font);
    color: var(--_text);
    box-sizing: border-box;
  }
  /* A browser without light-dark() (before Chrome 123, Firefox 120, Safari 17.5) would find every
     colour above invalid: it gets the light theme, as before the dark one existed. */
  @supports not (color: light-dark(#000, #fff)) {
    :host {
      --_accent: var(--chat-accent, #2563eb);
      --_accent-text: var(--chat-accent-text, #fff);
      --_surface: var(--chat-surface, #fff);
      --_surface-alt: var(--chat-surface-alt, #f3f4f6);
      --_text: var(--chat-text, #111827);
      --_muted: var(--chat-muted, #4b5563);
      --_border: var(--chat-border, #d1d5db);
      --_danger: var(--chat-danger, #b91c1c);
      --_danger-text: var(--chat-danger-text, #fff);
      --_success: var(--chat-success, #15803d);
      --_warning: var(--chat-warning, #d97706);
      --_warning-surface: var(--chat-warning-surface, #fef3c7);
      --_warning-text: var(--chat-warning-text, #78350f);
      --_highlight: var(--chat-highlight, #facc15);
      --_overlay: var(--chat-overlay, rgb(0 0 0 / 0.35));
    }
  }
  /* The theme attribute. A color-scheme that the page sets on the element itself wins over these.
     Only where our colours can follow: elsewhere the native controls would turn dark alone. */
  @supports (color: light-dark(#000, #fff)) {
    :host([theme='light']) {
      color-scheme: light;
    }
    :host([theme='dark']) {
      color-scheme: dark;
    }
    :host([theme='auto']) {
      color-scheme: light dark;
    }
  }
  *,
  *::before,
  *::after {
    box-sizing: inherit;
  }
  :focus-visible {
    outline: var(--_focus);
    outline-offset: 2px;
  }
  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    margin: -1px;
    padding: 0;
    overflow: hidden;
    clip: rect(0 0 0 0);
    white-space: nowrap;
    border: 0;
  }
`;
