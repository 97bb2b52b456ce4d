import { css } from 'lit';

/*
 * Short on purpose: the button is in the panel's start-up download. Its custom properties are read
 * with fallbacks (not declared on :host), so values set on it or inherited from above both win.
 * The popover's and the dialog's styles come with them, in their lazy chunks.
 */
export default css`
  :host {
    display: inline-block;
    vertical-align: bottom;
  }
  :host([hidden]) {
    display: none;
  }
  button {
    display: inline-grid;
    place-items: center;
    width: var(--chat-quick-replies-button-size, 2.4em);
    height: var(--chat-quick-replies-button-size, 2.4em);
    padding: 0;
    border: 0;
    border-radius: var(--_radius);
    background: none;
    color: var(--chat-quick-replies-button-color, var(--_muted));
    font: inherit;
    font-size: 1.25em;
    cursor: pointer;
  }
  button:hover,
  :host([open]) button {
    background: var(--_surface-alt);
    color: var(--_text);
  }
  button:disabled {
    opacity: 0.5;
    cursor: default;
  }
`;
