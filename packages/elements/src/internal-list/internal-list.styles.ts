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
    --_row-hover-bg: var(--chat-internal-item-hover-bg);
    --_row-selected-bg: var(--chat-internal-item-selected-bg);
    --_row-unread-bg: var(--chat-internal-unread-bg);
    --_row-unread-text: var(--chat-internal-unread-text);
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
  [part~='item'] {
    grid-template-areas: 'name time' 'preview unread' 'kind kind';
  }
  [part~='item-unread'] [part~='preview'] {
    color: var(--_text);
  }
  [part~='kind'] {
    grid-area: kind;
    display: flex;
    align-items: center;
    font-size: 0.75em;
    color: var(--_muted);
  }
`;
