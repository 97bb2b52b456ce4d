import { css } from 'lit';

export default css`
  :host {
    --chat-tasks-bg: var(--_surface);
    --chat-tasks-gap: 10px;
    --chat-tasks-overdue-color: var(--_danger);
    --chat-tasks-done-color: var(--_muted);
    display: block;
    font-size: 0.9375em;
  }
  [part~='base'] {
    display: grid;
    gap: var(--chat-tasks-gap);
    padding: 8px 10px 10px;
    background: var(--chat-tasks-bg);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
  }
  button {
    font: inherit;
    padding: 4px 12px;
    border: 1px solid var(--_border);
    border-radius: calc(var(--_radius) / 2);
    background: var(--_surface);
    color: var(--_text);
    cursor: pointer;
  }
  button[aria-disabled='true'] {
    cursor: progress;
  }
  [part~='header'] {
    display: flex;
    align-items: flex-end;
    gap: 8px;
    border-bottom: 1px solid var(--_border);
  }
  [part~='tabs'] {
    display: flex;
    flex: 1;
  }
  [part~='tab'] {
    padding: 6px 10px 4px;
    border: 0;
    border-bottom: 3px solid transparent;
    border-radius: 0;
    background: none;
    color: var(--_muted);
  }
  [part~='tab-selected'] {
    color: var(--_text);
    border-bottom-color: var(--_accent);
    font-weight: 600;
  }
  [part~='add-button'] {
    display: inline-flex;
    align-items: center;
    justify-content: center;
    margin-bottom: 4px;
    padding: 4px;
    font-size: 1.15em;
    line-height: 1;
  }
  [part~='add-button'][aria-expanded='true'] {
    background: var(--_surface-alt);
  }
  [part~='panel'] {
    min-width: 0;
  }
  [part~='list'] {
    display: grid;
    gap: var(--chat-tasks-gap);
    margin: 0;
    padding: 0;
    list-style: none;
  }
  [part~='task'] {
    display: flex;
    align-items: flex-start;
    gap: 8px;
  }
  [part~='checkbox'] {
    flex: none;
    width: 1.05em;
    height: 1.05em;
    margin: 0.15em 0 0;
    accent-color: var(--_accent);
  }
  [part~='checkbox'][aria-disabled='true'] {
    cursor: default;
  }
  .body {
    display: grid;
    gap: 2px;
    min-width: 0;
  }
  [part~='task-text'] {
    white-space: pre-wrap;
    overflow-wrap: anywhere;
  }
  [part~='task-completed'] [part~='task-text'] {
    text-decoration: line-through;
    color: var(--chat-tasks-done-color);
  }
  [part~='task-meta'] {
    display: flex;
    flex-wrap: wrap;
    gap: 2px 10px;
    color: var(--_muted);
    font-size: 0.875em;
  }
  [part~='overdue'] {
    color: var(--chat-tasks-overdue-color);
    font-weight: 600;
  }
  [part~='task-overdue'] [part~='deadline'] {
    color: var(--chat-tasks-overdue-color);
  }
  [part~='completed'] {
    font-weight: 600;
  }
  [part~='empty'],
  [part~='status'] {
    margin: 0;
    color: var(--_muted);
  }
  [part~='form'] {
    display: grid;
    gap: var(--chat-tasks-gap);
    padding: 10px;
    border: 1px solid var(--_border);
    border-radius: calc(var(--_radius) / 2);
    background: var(--_surface-alt);
  }
  [part~='form-title'] {
    margin: 0;
    font-weight: 600;
  }
  fieldset {
    min-width: 0;
    margin: 0;
    padding: 0;
    border: 0;
  }
  legend {
    padding: 0;
    margin-bottom: 4px;
  }
  [part~='field'] {
    display: grid;
    gap: 4px;
  }
  [part~='label'] {
    font-weight: 600;
  }
  [part~='input'],
  [part~='select'] {
    font: inherit;
    max-width: 100%;
    padding: 4px 8px;
    border: 1px solid var(--_border);
    border-radius: calc(var(--_radius) / 2);
    background: var(--_surface);
    color: var(--_text);
  }
  textarea[part~='input'] {
    width: 100%;
    resize: vertical;
  }
  [aria-invalid='true'] {
    border-color: var(--chat-tasks-overdue-color);
    box-shadow: 0 0 0 1px var(--chat-tasks-overdue-color);
  }
  [part~='quick-choices'] {
    display: flex;
    flex-wrap: wrap;
    gap: 6px;
  }
  [part~='quick-button'] {
    padding: 2px 10px;
  }
  [part~='hint'] {
    margin: 0;
    color: var(--_muted);
    font-size: 0.875em;
  }
  [part~='error'],
  [part~='form-error'],
  [part~='task-error'],
  [part~='load-error'] {
    margin: 0;
    color: var(--chat-tasks-overdue-color);
    font-size: 0.875em;
    font-weight: 600;
  }
  [part~='order-checkbox'] {
    display: flex;
    align-items: baseline;
    gap: 6px;
  }
  [part~='form-actions'] {
    display: flex;
    flex-wrap: wrap;
    gap: 8px;
  }
  [part~='create-button'] {
    border-color: var(--_accent);
    background: var(--_accent);
    color: var(--_accent-text);
    font-weight: 600;
  }
  [part~='notice'] {
    margin: 0;
    padding: 8px 12px;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_surface-alt);
  }
  [part~='retry-button'] {
    justify-self: start;
  }
`;
