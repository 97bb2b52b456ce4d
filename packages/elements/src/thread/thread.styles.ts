import { css } from 'lit';

export default css`
  :host {
    --chat-thread-bg: var(--_surface);
    --chat-thread-gap: 6px;
    display: flex;
    flex-direction: column;
    min-height: 0;
    background: var(--chat-thread-bg);
  }
  [part~='scroller'] {
    flex: 1;
    min-height: 0;
    overflow-y: auto;
    display: flex;
    flex-direction: column;
    gap: var(--chat-thread-gap);
    padding: 12px;
  }
  [part~='empty'] {
    margin: auto;
    color: var(--_muted);
  }
  [part~='load-older'] {
    align-self: center;
    font: inherit;
    font-size: 0.875em;
    padding: 4px 10px;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_surface);
    color: var(--_accent);
    cursor: pointer;
  }
  chat-message + chat-message[hide-author] {
    margin-top: calc(-0.5 * var(--chat-thread-gap));
  }
`;
