import { css } from 'lit';

export default css`
  :host {
    --chat-composer-bg: var(--_surface);
    --chat-composer-border: var(--_border);
    --chat-composer-max-height: 10em;
    --chat-composer-bar-bg: var(--_surface-alt);
    display: block;
  }
  [part~='base'] {
    display: grid;
    grid-template-columns: auto 1fr auto auto;
    grid-template-areas: 'bar bar bar bar' 'files files files files' 'notice notice notice notice' 'clip field emoji send' 'error error error error' 'counter counter counter counter';
    /* No row gap: the bar, error and counter rows are empty most of the time. */
    gap: 0 8px;
    align-items: end;
    padding: 8px;
    background: var(--chat-composer-bg);
    border-top: 1px solid var(--chat-composer-border);
  }
  /* The lightning (S-QR-1, staff in customer conversations) and the emoji button share one cell. */
  .tools {
    grid-area: emoji;
    align-self: center;
    display: flex;
  }
  [part~='attach-button'] {
    grid-area: clip;
    display: inline-grid;
    place-items: center;
    min-height: 2.4em;
    padding: 0 6px;
    border: 0;
    border-radius: var(--_radius);
    background: none;
    color: var(--_muted);
    cursor: pointer;
    font-size: 1.15em;
  }
  [part~='attach-button']:hover,
  [part~='attach-button']:focus-visible {
    color: var(--_accent);
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
  [part~='quote'],
  [part~='edit-bar'] {
    grid-area: bar;
    display: flex;
    align-items: center;
    gap: 8px;
    padding: 4px 4px 4px 8px;
    border-inline-start: 3px solid var(--_accent);
    border-radius: 4px;
    background: var(--chat-composer-bar-bg);
    margin-bottom: 6px;
    font-size: 0.875em;
    min-width: 0;
  }
  [part~='quote-author'] {
    font-weight: 600;
    flex: none;
  }
  [part~='quote-text'] {
    flex: 1;
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
    color: var(--_muted);
  }
  [part~='edit-bar'] > span {
    flex: 1;
    font-weight: 600;
  }
  [part~='cancel-button'] {
    font: inherit;
    border: 0;
    background: none;
    color: var(--_muted);
    cursor: pointer;
    padding: 2px 6px;
  }
  [part~='error'] {
    grid-area: error;
    margin-top: 4px;
    font-size: 0.8em;
    color: var(--_danger);
  }
  [part~='counter'] {
    grid-area: counter;
    margin-top: 4px;
    font-size: 0.75em;
    color: var(--_muted);
    text-align: end;
  }
  [part~='counter'][data-over] {
    color: var(--_danger);
    font-weight: 600;
  }
`;
