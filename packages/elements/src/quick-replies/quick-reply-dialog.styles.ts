import { css } from 'lit';

/* The dialog reads <chat-quick-replies>' custom properties with fallbacks to the theme's tokens. */
export default css`
  :host {
    display: contents;
  }
  dialog {
    width: min(36rem, calc(100vw - 2rem));
    max-height: calc(100vh - 2rem);
    padding: 0;
    border: 1px solid var(--chat-quick-replies-border, var(--_border));
    border-radius: var(--_radius);
    background: var(--chat-quick-replies-bg, var(--_surface));
    color: var(--_text);
    font-family: var(--_font);
    font-size: 0.875rem;
    box-shadow: 0 16px 48px color-mix(in srgb, var(--_shadow) 25%, transparent);
  }
  dialog::backdrop {
    background: var(--_overlay);
  }
  form {
    display: flex;
    flex-direction: column;
    gap: 12px;
    padding: 16px;
  }
  button,
  input,
  select,
  textarea {
    font: inherit;
    color: inherit;
  }
  button {
    cursor: pointer;
  }
  [part~='header'] {
    display: flex;
    align-items: center;
    gap: 8px;
  }
  [part~='title'] {
    flex: 1;
    margin: 0;
    font-size: 1.125rem;
  }
  [part~='close-button'] {
    display: inline-grid;
    place-items: center;
    width: 2em;
    height: 2em;
    border: 0;
    border-radius: var(--_radius);
    background: none;
    color: var(--_muted);
  }
  [part~='field'] {
    display: flex;
    flex-direction: column;
    gap: 4px;
  }
  [part~='label'] {
    margin: 0;
    font-size: inherit;
    font-weight: 600;
  }
  [part~='input'],
  [part~='select'],
  [part~='textarea'] {
    padding: 6px 8px;
    border: 1px solid var(--chat-quick-replies-border, var(--_border));
    border-radius: var(--_radius);
    background: var(--_surface);
  }
  [part~='textarea'] {
    resize: vertical;
    min-height: 6em;
  }
  [aria-invalid='true'] {
    border-color: var(--_danger);
  }
  [part~='command-box'] {
    display: flex;
    align-items: center;
    gap: 2px;
  }
  [part~='command-box'] [part~='input'] {
    flex: 1;
  }
  [part~='command-prefix'] {
    font-weight: 600;
    color: var(--chat-quick-replies-command-color, var(--_accent));
  }
  [part~='hint'],
  [part~='counter'] {
    margin: 0;
    font-size: 0.85em;
    color: var(--_muted);
  }
  [part~='counter'] {
    text-align: end;
  }
  [part~='counter'][data-over] {
    color: var(--_danger);
    font-weight: 600;
  }
  [part~='field-error'],
  [part~='form-error'],
  [part~='preview-error'] {
    margin: 0;
    color: var(--_danger);
  }
  [part~='error-detail'] {
    display: block;
    font-family: ui-monospace, monospace;
    font-size: 0.85em;
  }
  [part~='variables'] {
    display: flex;
    flex-wrap: wrap;
    gap: 4px;
  }
  [part~='variables-label'] {
    align-self: center;
    font-size: 0.85em;
    color: var(--_muted);
  }
  [part~='variable-button'] {
    padding: 2px 8px;
    border: 1px solid var(--chat-quick-replies-border, var(--_border));
    border-radius: 999px;
    background: var(--_surface-alt);
  }
  [part~='variable-button']:hover {
    border-color: var(--_accent);
  }
  [part~='preview-field'] {
    display: flex;
    flex-direction: column;
    gap: 4px;
  }
  [part~='preview'] {
    min-height: 3em;
    max-height: 12em;
    overflow-y: auto;
    padding: 8px;
    border-radius: var(--_radius);
    background: var(--chat-quick-replies-active-bg, var(--_surface-alt));
  }
  [part~='preview'][aria-busy='true'] {
    opacity: 0.6;
  }
  [part~='preview-text'] {
    white-space: pre-wrap;
    overflow-wrap: anywhere;
  }
  [part~='preview-placeholder'] {
    margin: 0;
    color: var(--_muted);
  }
  [part~='actions'] {
    display: flex;
    gap: 8px;
  }
  [part~='save-button'],
  [part~='cancel-button'] {
    padding: 6px 14px;
    border: 1px solid var(--chat-quick-replies-border, var(--_border));
    border-radius: var(--_radius);
    background: var(--_surface);
  }
  [part~='save-button'] {
    border-color: var(--_accent);
    background: var(--_accent);
    color: var(--_accent-text);
  }
`;
