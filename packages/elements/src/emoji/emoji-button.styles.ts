import { css } from 'lit';

// The button's own looks are lib/popover-button.ts's; the popover's and the picker's styles come
// with them, in their lazy chunk (emoji-popover.styles.ts).
export default css`
  :host {
    --_button-size: var(--chat-emoji-button-size, 2.4em);
    --_button-color: var(--chat-emoji-button-color, var(--_muted));
  }
`;
