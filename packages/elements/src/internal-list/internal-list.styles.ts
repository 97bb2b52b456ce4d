import { css } from 'lit';

export default css`
  :host {
    --chat-internal-bg: var(--_surface);
    --chat-internal-item-hover-bg: var(--_surface-alt);
    --chat-internal-item-selected-bg: color-mix(in srgb, var(--_accent) 12%, var(--_surface));
    --chat-internal-unread-bg: var(--_accent);
    --chat-internal-unread-text: var(--_accent-text);
    display: flex;
    flex-direction: column;
    min-height: 0;
    background: var(--chat-internal-bg);
  }
  [part~='header'] {
    padding: 6px 8px;
    border-bottom: 1px solid var(--_border);
  }
  [part~='new-chat-button'] {
    font: inherit;
    font-size: 0.875em;
    padding: 4px 10px;
    border: 1px solid var(--_border);
    border-radius: calc(var(--_radius) / 2);
    background: var(--_surface);
    color: var(--_accent);
    cursor: pointer;
  }
  [part~='picker'] {
    border-bottom: 1px solid var(--_border);
  }
  .scroll {
    flex: 1;
    min-height: 0;
    overflow: auto;
  }
  [part~='base'] {
    list-style: none;
    margin: 0;
    padding: 0;
  }
  [part~='item'] {
    display: grid;
    grid-template-columns: 1fr auto;
    grid-template-areas: 'name time' 'preview unread' 'kind kind';
    gap: 2px 8px;
    padding: 8px 12px;
    border-bottom: 1px solid var(--_border);
    cursor: pointer;
  }
  [part~='item']:hover {
    background: var(--chat-internal-item-hover-bg);
  }
  [part~='item'][aria-selected='true'] {
    background: var(--chat-internal-item-selected-bg);
  }
  [part~='item']:focus-visible {
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
  [part~='item-unread'] [part~='preview'] {
    color: var(--_text);
  }
  [part~='kind'] {
    grid-area: kind;
    font-size: 0.75em;
    color: var(--_muted);
  }
  [part~='unread'] {
    grid-area: unread;
    align-self: center;
    min-width: 1.5em;
    padding: 0 0.4em;
    border-radius: 0.75em;
    background: var(--chat-internal-unread-bg);
    color: var(--chat-internal-unread-text);
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
