import { css } from 'lit';

/*
 * The popover's custom properties are documented on <chat-emoji-button> and set there or above
 * it: they are read here with fallbacks, not declared on :host, so inherited values win.
 */
export default css`
  /* In the top layer as a manual popover: undo the browser's popover box; placed by script. */
  :host {
    position: fixed;
    inset: auto;
    margin: 0;
    padding: 0;
    z-index: var(--chat-emoji-z-index, 2147483647);
    border: 1px solid var(--chat-emoji-picker-border, var(--_border));
    border-radius: var(--_radius);
    background: var(--chat-emoji-picker-bg, var(--_surface));
    box-shadow: 0 8px 24px rgb(0 0 0 / 0.18);
    overflow: hidden;
    max-width: calc(100vw - 16px);
  }
  /* The picker's own custom properties, from ours and the theme's. */
  emoji-picker {
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
