import { css } from 'lit';

/*
 * The popover's custom properties are documented on <chat-emoji-button> and set there or above
 * it: they are read here with fallbacks, not declared on :host, so inherited values win.
 */
export default css`
  /* The popover's box is lib/anchored-popover.ts's. */
  :host {
    z-index: var(--chat-emoji-z-index, 2147483647);
    border: 1px solid var(--chat-emoji-picker-border, var(--_border));
    background: var(--chat-emoji-picker-bg, var(--_surface));
  }
  /* The picker's own custom properties, from ours and the theme's. Its colour scheme is ours too:
     the picker sets one of its own on its :host (light, or dark by the system's preference), and
     this rule, from outside its shadow root, wins over it. Our light-dark() colours passed in are
     then resolved by the popover's scheme, which it inherits from the element it opened from. */
  emoji-picker {
    color-scheme: inherit;
    --background: var(--chat-emoji-picker-bg, var(--_surface));
    --border-color: var(--chat-emoji-picker-border, var(--_border));
    --border-size: 1px;
    --border-radius: 0;
    --button-hover-background: var(--_surface-alt);
    --button-active-background: var(--_border);
    --category-font-color: var(--_text);
    --indicator-color: var(--_accent);
    --input-border-color: var(--_border);
    --input-border-radius: var(--_radius);
    --input-font-color: var(--_text);
    --input-placeholder-color: var(--_muted);
    --outline-color: var(--_accent);
    --emoji-size: var(--chat-emoji-size, 1.375rem);
    --num-columns: var(--chat-emoji-picker-columns, 8);
    display: flex;
    height: var(--chat-emoji-picker-height, 22rem);
    max-width: 100%;
    border: 0;
  }
`;
