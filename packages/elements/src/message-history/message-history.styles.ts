import { css } from 'lit';

export default css`
  :host {
    --chat-history-bg: var(--_surface);
    --chat-history-width: min(32rem, calc(100vw - 32px));
    --chat-history-backdrop: var(--_overlay);
    display: contents;
  }
  [part~='dialog'] {
    width: var(--chat-history-width);
    max-height: min(36rem, calc(100vh - 32px));
    padding: 0;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--chat-history-bg);
    color: var(--_text);
    font-family: var(--_font);
  }
  [part~='dialog']::backdrop {
    background: var(--chat-history-backdrop);
  }
  [part~='header'] {
    display: flex;
    align-items: center;
    gap: 8px;
    padding: 10px 12px;
    border-bottom: 1px solid var(--_border);
  }
  [part~='title'] {
    flex: 1;
    margin: 0;
    font-size: 1em;
  }
  [part~='close-button'] {
    font: inherit;
    border: 0;
    background: none;
    color: var(--_muted);
    cursor: pointer;
    padding: 2px 8px;
  }
  [part~='body'] {
    padding: 12px;
    overflow: auto;
  }
  [part~='revisions'] {
    list-style: none;
    margin: 0;
    padding: 0;
    display: grid;
    gap: 10px;
  }
  [part~='meta'] {
    font-size: 0.8em;
    color: var(--_muted);
  }
  [part~='action'] {
    font-weight: 600;
  }
  [part~='revision-deleted'] [part~='action'] {
    color: var(--_danger);
  }
  [part~='text'] {
    margin: 4px 0 0;
    padding: 6px 8px;
    border-radius: 4px;
    background: var(--_surface-alt);
    white-space: pre-wrap;
    overflow-wrap: anywhere;
  }
  [part~='current'] {
    margin-top: 14px;
  }
  [part~='current'] h3 {
    margin: 0;
    font-size: 0.8em;
    color: var(--_muted);
  }
  [part~='error'] {
    color: var(--_danger);
    margin: 0;
  }
`;
