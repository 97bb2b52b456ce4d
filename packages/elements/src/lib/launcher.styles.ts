import { css } from 'lit';

/**
 * The floating round button with its unread badge, shared by `<chat-panel>` (popup mode) and
 * `<chat-consultant>`. The host sets `--_launcher-shadow` from its own public shadow property.
 */
export default css`
  [part~='launcher'] {
    position: relative;
    width: var(--chat-launcher-size);
    height: var(--chat-launcher-size);
    border: 0;
    border-radius: 50%;
    background: var(--_accent);
    color: var(--_accent-text);
    font-size: 1.6em;
    display: inline-grid;
    place-items: center;
    cursor: pointer;
    box-shadow: var(--_launcher-shadow);
  }
  [part~='launcher-badge'] {
    position: absolute;
    top: -4px;
    right: -4px;
    min-width: 1.4em;
    padding: 0 0.35em;
    border-radius: 0.7em;
    background: var(--_danger);
    color: var(--_danger-text);
    font-size: 0.55em;
    font-weight: 700;
    line-height: 1.4em;
  }
`;
