import { css } from 'lit';

export default css`
  :host {
    --chat-thread-bg: var(--_surface);
    --chat-thread-gap: 6px;
    --chat-thread-highlight-bg: color-mix(in srgb, #facc15 35%, transparent);
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
  .rows > chat-message {
    padding-top: var(--chat-thread-gap);
  }
  .rows > chat-message[hide-author] {
    padding-top: calc(0.5 * var(--chat-thread-gap));
  }
  .rows > [part~='highlighted'] {
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
