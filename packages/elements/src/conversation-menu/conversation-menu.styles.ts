import { css } from 'lit';

export default css`
  :host {
    --chat-menu-bg: var(--_surface);
    --chat-menu-shadow: 0 8px 24px color-mix(in srgb, var(--_shadow) 18%, transparent);
    --chat-menu-item-hover-bg: var(--_surface-alt);
    --chat-menu-online: var(--_success);
    position: relative;
    display: inline-block;
  }
  button {
    font: inherit;
    color: inherit;
    cursor: pointer;
  }
  [part~='trigger'] {
    border: 0;
    background: transparent;
    padding: 4px 8px;
    font-size: 1.1em;
    border-radius: calc(var(--_radius) / 2);
    line-height: 1;
  }
  [part~='trigger'][aria-disabled='true'] {
    opacity: 0.5;
    cursor: progress;
  }
  [part~='menu'] {
    position: absolute;
    right: 0;
    top: 100%;
    z-index: 10;
    min-width: 14em;
    display: flex;
    flex-direction: column;
    padding: 4px 0;
    background: var(--chat-menu-bg);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    box-shadow: var(--chat-menu-shadow);
  }
  [part~='menu'][hidden] {
    display: none;
  }
  [part~='item'] {
    border: 0;
    background: transparent;
    text-align: start;
    padding: 6px 12px;
    white-space: nowrap;
  }
  [part~='item']:hover,
  [part~='item']:focus-visible {
    background: var(--chat-menu-item-hover-bg);
    outline-offset: -2px;
  }
  [part~='error'] {
    position: absolute;
    right: 0;
    top: 100%;
    margin: 4px 0 0;
    padding: 4px 8px;
    white-space: nowrap;
    font-size: 0.8em;
    color: var(--_danger);
    background: var(--chat-menu-bg);
    border: 1px solid var(--_danger);
    border-radius: calc(var(--_radius) / 2);
  }
  [part~='dialog'] {
    min-width: min(22em, 90vw);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--chat-menu-bg);
    color: var(--_text);
    box-shadow: var(--chat-menu-shadow);
  }
  [part~='dialog-title'] {
    margin: 0 0 8px;
    font-size: 1em;
  }
  [part~='assignees'] {
    list-style: none;
    margin: 0;
    padding: 0;
  }
  [part~='assignee'] {
    display: grid;
    grid-template-columns: 1fr auto;
    gap: 0 12px;
    width: 100%;
    text-align: start;
    padding: 6px 8px;
    border: 0;
    border-radius: calc(var(--_radius) / 2);
    background: transparent;
  }
  [part~='assignee']:hover:not(:disabled) {
    background: var(--chat-menu-item-hover-bg);
  }
  [part~='assignee']:disabled {
    cursor: default;
    opacity: 0.7;
  }
  [part~='assignee-name'] {
    font-weight: 600;
  }
  [part~='assignee-state'] {
    font-size: 0.8em;
    color: var(--_muted);
  }
  [part~='assignee-online'] [part~='assignee-state'] {
    color: var(--chat-menu-online);
  }
  [part~='assignee-load'] {
    grid-column: 1 / -1;
    font-size: 0.8em;
    color: var(--_muted);
  }
  .buttons {
    display: flex;
    justify-content: flex-end;
    gap: 8px;
    margin-top: 12px;
  }
  .buttons button {
    padding: 4px 12px;
    border: 1px solid var(--_border);
    border-radius: calc(var(--_radius) / 2);
    background: var(--_surface);
  }
  [part~='confirm-button'] {
    background: var(--_danger) !important;
    border-color: var(--_danger) !important;
    color: var(--_danger-text);
  }
`;
