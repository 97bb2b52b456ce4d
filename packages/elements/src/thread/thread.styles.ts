import { css } from 'lit';

export default css`
  :host {
    --chat-thread-bg: var(--_surface);
    --chat-thread-gap: 6px;
    --chat-thread-highlight-bg: color-mix(in srgb, var(--_highlight) 35%, transparent);
    --chat-thread-divider-color: var(--_danger);
    position: relative;
    display: flex;
    flex-direction: column;
    min-height: 0;
    background: var(--chat-thread-bg);
  }
  [part~='scroller'] {
    position: relative;
    flex: 1;
    min-height: 0;
    overflow-y: auto;
    /* The thread keeps the reader's place itself (see VirtualWindow); the browser must not too. */
    overflow-anchor: none;
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
  /* The windowed rows: no gap or margins between them (their heights are measured one by one), so
     each row carries the space above it, and the first row's space replaces the scroller's gap. */
  .rows {
    flex: none;
    margin-top: calc(-1 * var(--chat-thread-gap));
  }
  .row {
    padding-top: var(--chat-thread-gap);
  }
  .row[data-grouped] {
    padding-top: calc(0.25 * var(--chat-thread-gap));
  }
  [part~='day'],
  [part~='unread-divider'] {
    display: flex;
    align-items: center;
    gap: 8px;
    margin: 8px 0;
    font-size: 0.75em;
    color: var(--_muted);
  }
  [part~='day'] {
    justify-content: center;
    font-weight: 600;
  }
  [part~='unread-divider'] {
    color: var(--chat-thread-divider-color);
  }
  [part~='unread-divider']::before,
  [part~='unread-divider']::after {
    content: '';
    flex: 1;
    border-top: 1px solid;
  }
  [part~='new-messages'] {
    position: absolute;
    bottom: 2.25em;
    left: 50%;
    transform: translateX(-50%);
    font: inherit;
    font-size: 0.875em;
    padding: 4px 12px;
    border: 0;
    border-radius: 999px;
    background: var(--_accent);
    color: var(--_accent-text);
    box-shadow: 0 2px 8px color-mix(in srgb, var(--_shadow) 20%, transparent);
    cursor: pointer;
  }
  [part~='typing'] {
    min-height: 1.5em;
    margin: 0;
    padding: 0 12px 4px;
    font-size: 0.8em;
    font-style: italic;
    color: var(--_muted);
  }
  .row > [part~='highlighted'] {
    background: var(--chat-thread-highlight-bg);
    border-radius: var(--_radius);
  }
  .announcements {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
  }
`;
