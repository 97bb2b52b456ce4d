import { css } from 'lit';

export default css`
  :host {
    --chat-composer-bg: var(--_surface);
    --chat-composer-border: var(--_border);
    --chat-composer-max-height: 10em;
    display: block;
  }
  [part~='base'] {
    display: grid;
    grid-template-columns: 1fr auto;
    grid-template-areas: 'field send' 'counter counter';
    gap: 4px 8px;
    align-items: end;
    padding: 8px;
    background: var(--chat-composer-bg);
    border-top: 1px solid var(--chat-composer-border);
  }
  [part~='textarea'] {
    grid-area: field;
    font: inherit;
    color: inherit;
    resize: none;
    /* Grows with its content up to the max height, then scrolls. */
    field-sizing: content;
    min-height: 2.4em;
    max-height: var(--chat-composer-max-height);
    padding: 6px 8px;
    border: 1px solid var(--chat-composer-border);
    border-radius: var(--_radius);
    background: var(--_surface);
  }
  [part~='send-button'] {
    grid-area: send;
    font: inherit;
    padding: 6px 14px;
    border: 0;
    border-radius: var(--_radius);
    background: var(--_accent);
    color: var(--_accent-text);
    cursor: pointer;
    min-height: 2.4em;
  }
  [part~='send-button']:disabled {
    background: var(--_surface-alt);
    color: var(--_muted);
    cursor: default;
  }
  [part~='counter'] {
    grid-area: counter;
    font-size: 0.75em;
    color: var(--_muted);
    text-align: end;
  }
  [part~='counter'][data-over] {
    color: var(--_danger);
    font-weight: 600;
  }
`;
