import { css } from 'lit';

// The button's own looks are lib/popover-button.ts's (it is in the panel's start-up download); the
// popover's and the dialog's styles come with them, in their lazy chunks.
export default css`
  :host {
    --_button-size: var(--chat-quick-replies-button-size, 2.4em);
    --_button-color: var(--chat-quick-replies-button-color, var(--_muted));
  }
`;
