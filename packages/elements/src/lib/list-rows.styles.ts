import { css } from 'lit';

/**
 * The row anatomy both lists share (customer conversations and internal chats): name and time,
 * a preview, an unread count (the conversation list's search hits too). Each list maps its own public `--chat-*` properties onto the
 * private `--_row-*` ones and sets its grid areas.
 */
export default css`
  .scroll {
    flex: 1;
    min-height: 0;
    overflow: auto;
  }
  [part~='base'],
  [part~='results'] {
    list-style: none;
    margin: 0;
    padding: 0;
  }
  [part~='item'],
  [part~='hit'] {
    display: grid;
    grid-template-columns: 1fr auto;
    gap: 2px 8px;
    padding: 8px 12px;
    border-bottom: 1px solid var(--_border);
    cursor: pointer;
  }
  [part~='item']:hover,
  [part~='hit']:hover {
    background: var(--_row-hover-bg);
  }
  [part~='item'][aria-selected='true'],
  [part~='hit'][aria-selected='true'] {
    background: var(--_row-selected-bg);
  }
  [part~='item']:focus-visible,
  [part~='hit']:focus-visible {
    outline-offset: -2px;
  }
  [part~='name'] {
    grid-area: name;
    font-weight: 600;
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  [part~='time'] {
    grid-area: time;
    font-size: 0.75em;
    color: var(--_muted);
  }
  [part~='preview'] {
    grid-area: preview;
    font-size: 0.875em;
    color: var(--_muted);
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  [part~='unread'] {
    grid-area: unread;
    align-self: center;
    min-width: 1.5em;
    padding: 0 0.4em;
    border-radius: 0.75em;
    background: var(--_row-unread-bg);
    color: var(--_row-unread-text);
    font-size: 0.75em;
    font-weight: 700;
    text-align: center;
  }
  [part~='empty'] {
    padding: 16px;
    color: var(--_muted);
    text-align: center;
  }
`;
