import { css } from 'lit';

export default css`
  /* The notice's own surface, light and dark: here, not in the shared tokens every bundle carries.
     Without light-dark(), the light ones (see lib/theme.ts). */
  :host {
    --_notice-surface: light-dark(#fffbeb, #422006);
  }
  @supports not (color: light-dark(#000, #fff)) {
    :host {
      --_notice-surface: #fffbeb;
    }
  }
  :host {
    --chat-settings-bg: var(--_surface);
    --chat-settings-gap: 14px;
    --chat-settings-max-width: 48rem;
    --chat-settings-error-color: var(--_danger);
    --chat-settings-notice-bg: var(--_notice-surface);
    display: block;
    font-size: 0.9375em;
  }
  [part~='base'] {
    max-width: var(--chat-settings-max-width);
    background: var(--chat-settings-bg);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
  }
  [part~='tabs'] {
    display: flex;
    flex-wrap: wrap;
    border-bottom: 1px solid var(--_border);
    padding: 0 8px;
  }
  [part~='tab'] {
    font: inherit;
    display: inline-flex;
    align-items: center;
    gap: 6px;
    padding: 10px 12px 8px;
    border: 0;
    border-bottom: 3px solid transparent;
    background: none;
    color: var(--_muted);
    cursor: pointer;
  }
  [part~='tab-selected'] {
    color: var(--_text);
    border-bottom-color: var(--_accent);
    font-weight: 600;
  }
  [part~='tab-issues'] {
    min-width: 1.5em;
    padding: 0 5px;
    border-radius: 999px;
    background: var(--chat-settings-error-color);
    color: var(--_danger-text);
    font-size: 0.8em;
    font-weight: 600;
    text-align: center;
  }
  [part~='panel'] {
    display: grid;
    gap: var(--chat-settings-gap);
    padding: 16px;
  }
  [part~='panel'][hidden] {
    display: none;
  }
  fieldset {
    min-width: 0;
    margin: 0;
    padding: 10px 12px 12px;
    border: 1px solid var(--_border);
    border-radius: calc(var(--_radius) / 2);
  }
  fieldset[part~='duration'] {
    border: 0;
    padding: 0;
  }
  legend {
    padding: 0 4px;
    font-weight: 600;
  }
  fieldset[part~='duration'] > legend {
    padding: 0;
    margin-bottom: 4px;
  }
  .stack {
    display: grid;
    gap: 10px;
  }
  [part~='field'] {
    display: grid;
    gap: 4px;
    align-content: start;
  }
  [part~='label'] {
    font-weight: 600;
  }
  [part~='checkbox'] {
    display: flex;
    align-items: baseline;
    gap: 6px;
  }
  .choices {
    display: flex;
    flex-wrap: wrap;
    gap: 4px 18px;
  }
  .note {
    color: var(--_muted);
  }
  [part~='hint'] {
    margin: 0;
    color: var(--_muted);
    font-size: 0.875em;
  }
  [part~='error'] {
    margin: 0;
    color: var(--chat-settings-error-color);
    font-size: 0.875em;
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
  input[part~='input']:not(.short),
  textarea[part~='input'] {
    width: 100%;
  }
  textarea[part~='input'] {
    resize: vertical;
  }
  .short {
    width: 6.5em;
  }
  [aria-invalid='true'] {
    border-color: var(--chat-settings-error-color);
    box-shadow: 0 0 0 1px var(--chat-settings-error-color);
  }
  .units {
    display: flex;
    flex-wrap: wrap;
    gap: 6px 14px;
  }
  .unit {
    display: inline-flex;
    align-items: center;
    gap: 6px;
  }
  .add {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 6px 10px;
  }
  button {
    font: inherit;
    padding: 5px 14px;
    border: 1px solid var(--_border);
    border-radius: calc(var(--_radius) / 2);
    background: var(--_surface);
    color: var(--_text);
    cursor: pointer;
  }
  button:disabled {
    color: var(--_muted);
    cursor: default;
  }
  [part~='remove-button'] {
    justify-self: start;
  }
  [part~='footer'] {
    display: grid;
    gap: 8px;
    padding: 12px 16px;
    border-top: 1px solid var(--_border);
    background: var(--chat-settings-bg);
    border-radius: 0 0 var(--_radius) var(--_radius);
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    justify-content: flex-end;
    gap: 8px 12px;
  }
  [part~='summary'] {
    margin: 0;
    color: var(--chat-settings-error-color);
    font-weight: 600;
  }
  [part~='summary']:empty {
    display: none;
  }
  [part~='status'] {
    margin: 0;
    color: var(--_muted);
  }
  .actions [part~='status'] {
    margin-inline-start: auto;
  }
  [part~='save-button'] {
    border-color: var(--_accent);
    background: var(--_accent);
    color: var(--_accent-text);
    font-weight: 600;
  }
  [part~='save-button']:disabled {
    border-color: var(--_border);
    background: var(--_surface-alt);
    color: var(--_muted);
  }
  [part~='notice'] {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 8px 12px;
    padding: 8px 12px;
    border: 1px solid var(--_warning);
    border-radius: calc(var(--_radius) / 2);
    background: var(--chat-settings-notice-bg);
    color: var(--_warning-text);
  }
  [part~='notice'] span {
    flex: 1 1 16em;
  }
  [part~='save-error'],
  [part~='load-error'],
  [part~='no-access'],
  [part~='other-issues'] {
    margin: 0;
    color: var(--chat-settings-error-color);
  }
  [part~='load-error'] {
    padding: 12px 16px 0;
  }
  [part~='retry-button'] {
    margin: 8px 16px 12px;
  }
`;
