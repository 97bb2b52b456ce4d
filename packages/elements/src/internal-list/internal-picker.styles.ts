import { css } from 'lit';

export default css`
  :host {
    --chat-picker-bg: var(--_surface-alt);
    display: block;
  }
  [part~='base'],
  form {
    display: flex;
    flex-direction: column;
    gap: 8px;
    padding: 8px 12px;
    background: var(--chat-picker-bg);
    font-size: 0.875em;
  }
  [part~='title'] {
    margin: 0;
    font-size: 1em;
  }
  [part~='colleagues'] {
    margin: 0;
    padding: 4px 8px;
    border: 1px solid var(--_border);
    border-radius: calc(var(--_radius) / 2);
    max-height: 12em;
    overflow: auto;
  }
  [part~='colleague'] {
    display: flex;
    align-items: center;
    gap: 6px;
    padding: 2px 0;
  }
  [part~='online'] {
    color: var(--_success);
    font-size: 0.85em;
  }
  .title-label {
    display: flex;
    flex-direction: column;
    gap: 2px;
  }
  [part~='group-title'] {
    font: inherit;
    padding: 4px 8px;
    border: 1px solid var(--_border);
    border-radius: calc(var(--_radius) / 2);
    background: var(--_surface);
    color: var(--_text);
  }
  [part~='error'] {
    margin: 0;
    color: var(--_danger);
  }
  [part~='error']:empty {
    display: none;
  }
  .actions {
    display: flex;
    gap: 8px;
  }
  [part~='create-button'],
  [part~='cancel-button'] {
    font: inherit;
    padding: 4px 12px;
    border: 1px solid var(--_border);
    border-radius: calc(var(--_radius) / 2);
    background: var(--_surface);
    color: var(--_text);
    cursor: pointer;
  }
  [part~='create-button'] {
    background: var(--_accent);
    border-color: var(--_accent);
    color: var(--_accent-text);
  }
`;
