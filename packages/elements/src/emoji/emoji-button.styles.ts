import { css } from 'lit';

// The popover's and the picker's styles come with them, in their lazy chunk (emoji-popover.styles.ts).
export default css`
  :host {
    --chat-emoji-button-color: var(--_muted);
    --chat-emoji-button-size: 2.4em;
    display: inline-block;
    vertical-align: bottom;
  }
  :host([hidden]) {
    display: none;
  }
  [part~='button'] {
    display: inline-flex;
    align-items: center;
    justify-content: center;
    width: var(--chat-emoji-button-size);
    height: var(--chat-emoji-button-size);
    padding: 0;
    border: 0;
    border-radius: var(--_radius);
    background: none;
    color: var(--chat-emoji-button-color);
    font: inherit;
    font-size: 1.25em;
    cursor: pointer;
  }
  [part~='button']:hover,
  :host([open]) [part~='button'] {
    background: var(--_surface-alt);
    color: var(--_text);
  }
  [part~='button']:disabled {
    opacity: 0.5;
    cursor: default;
  }
`;
