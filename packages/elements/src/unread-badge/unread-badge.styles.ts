import { css } from 'lit';

export default css`
  :host {
    --chat-badge-bg: var(--_danger);
    --chat-badge-text: var(--_danger-text);
    --chat-badge-size: 1.25em;
    display: inline-flex;
    vertical-align: middle;
  }
  :host([count='0']),
  :host([hidden]) {
    display: none;
  }
  /* S-SET-1: chats off, whatever the page's own styles say (an inner !important wins). */
  :host([data-chats-off]) {
    display: none !important;
  }
  [part~='base'] {
    display: inline-flex;
    align-items: center;
    justify-content: center;
    min-width: var(--chat-badge-size);
    height: var(--chat-badge-size);
    padding: 0 0.4em;
    border-radius: calc(var(--chat-badge-size) / 2);
    background: var(--chat-badge-bg);
    color: var(--chat-badge-text);
    font-size: 0.75em;
    font-weight: 700;
    line-height: 1;
  }
`;
