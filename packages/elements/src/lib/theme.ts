import { css } from 'lit';

/**
 * Theme tokens shared by every element. Each element maps its own `--chat-*` properties onto
 * these, so a host page can restyle all of them at once (`--chat-accent`) or one element alone.
 */
export const tokens = css`
  :host {
    --_accent: var(--chat-accent, #2563eb);
    --_accent-text: var(--chat-accent-text, #ffffff);
    --_surface: var(--chat-surface, #ffffff);
    --_surface-alt: var(--chat-surface-alt, #f3f4f6);
    --_text: var(--chat-text, #111827);
    --_muted: var(--chat-muted, #4b5563);
    --_border: var(--chat-border, #d1d5db);
    --_danger: var(--chat-danger, #b91c1c);
    --_radius: var(--chat-radius, 8px);
    --_font: var(--chat-font, system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif);
    --_focus: var(--chat-focus-ring, 2px solid var(--_accent));
    font-family: var(--_font);
    color: var(--_text);
    box-sizing: border-box;
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
