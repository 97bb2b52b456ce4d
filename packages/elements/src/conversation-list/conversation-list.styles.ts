import { css } from 'lit';

export default css`
  :host {
    --chat-list-bg: var(--_surface);
    --chat-list-item-hover-bg: var(--_surface-alt);
    --chat-list-item-selected-bg: color-mix(in srgb, var(--_accent) 12%, var(--_surface));
    --chat-list-unread-bg: var(--_accent);
    --chat-list-unread-text: var(--_accent-text);
    display: block;
    overflow: auto;
    background: var(--chat-list-bg);
  }
  [part~='base'] {
    list-style: none;
    margin: 0;
    padding: 0;
  }
  [part~='item'] {
    display: grid;
    grid-template-columns: 1fr auto;
    grid-template-areas: 'name time' 'channel channel' 'preview unread';
    gap: 2px 8px;
    padding: 8px 12px;
    border-bottom: 1px solid var(--_border);
    cursor: pointer;
  }
  [part~='item']:hover {
    background: var(--chat-list-item-hover-bg);
  }
  [part~='item'][aria-selected='true'] {
    background: var(--chat-list-item-selected-bg);
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
  [part~='item'][data-unread] [part~='preview'] {
    color: var(--_text);
  }
  [part~='time'] {
    grid-area: time;
    font-size: 0.75em;
    color: var(--_muted);
  }
  [part~='channel'] {
    grid-area: channel;
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
    background: var(--chat-list-unread-bg);
    color: var(--chat-list-unread-text);
    font-size: 0.75em;
    font-weight: 700;
    text-align: center;
  }
  [part~='empty'] {
    padding: 16px;
    color: var(--_muted);
    text-align: center;
  }
  [part~='load-more'] {
    display: block;
    width: calc(100% - 16px);
    margin: 8px;
    font: inherit;
    padding: 6px;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_surface);
    color: var(--_accent);
    cursor: pointer;
  }
`;
