import { css } from 'lit';

export default css`
  /* The VIP tag's own colours, light and dark: here, not in the shared tokens every bundle carries.
     Without light-dark(), the light ones (see lib/theme.ts). */
  :host {
    --_vip: light-dark(#a16207, #facc15);
    --_vip-text: light-dark(#fff, #111827);
  }
  @supports not (color: light-dark(#000, #fff)) {
    :host {
      --_vip: #a16207;
      --_vip-text: #fff;
    }
  }
  :host {
    --chat-customer-bg: var(--_surface);
    --chat-customer-gap: 12px;
    --chat-customer-error-color: var(--_danger);
    --chat-customer-hint-bg: var(--_surface-alt);
    --chat-customer-vip-color: var(--_vip);
    --chat-customer-bad-color: var(--_danger);
    display: block;
    font-size: 0.9375em;
  }
  [part~='base'] {
    display: grid;
    gap: var(--chat-customer-gap);
    padding: 12px;
    background: var(--chat-customer-bg);
  }
  [part~='title'] {
    margin: 0;
    font-size: 1.05em;
  }
  [part~='subtitle'] {
    margin: 0 0 6px;
    font-size: 0.95em;
    color: var(--_muted);
  }
  button,
  input {
    font: inherit;
    color: inherit;
  }
  button {
    cursor: pointer;
  }
  button[aria-disabled='true'] {
    opacity: 0.6;
    cursor: progress;
  }
  dl {
    display: grid;
    gap: 8px;
    margin: 0;
  }
  dl > div {
    display: grid;
    grid-template-columns: minmax(6em, max-content) 1fr;
    gap: 2px 10px;
    align-items: baseline;
  }
  dt {
    color: var(--_muted);
  }
  dd {
    margin: 0;
    min-width: 0;
    overflow-wrap: anywhere;
  }
  [part~='field'].editing {
    grid-template-columns: 1fr;
  }
  [part~='value-empty'] {
    color: var(--_muted);
    font-style: italic;
  }
  /* The pencil shows on hover and on focus; it is in the Tab order all the time. */
  [part~='edit-button'] {
    display: inline-flex;
    align-items: center;
    justify-content: center;
    min-width: 24px;
    min-height: 24px;
    margin-inline-start: 4px;
    padding: 2px;
    vertical-align: middle;
    border: 0;
    border-radius: calc(var(--_radius) / 2);
    background: transparent;
    color: var(--_muted);
    opacity: 0;
  }
  [part~='field']:hover [part~='edit-button'],
  [part~='edit-button']:focus,
  [part~='edit-button']:focus-visible {
    opacity: 1;
  }
  [part~='edit-button']:hover {
    color: var(--_accent);
    background: var(--_surface-alt);
  }
  /* A touch screen has no hover: the pencil stays in view. */
  @media (hover: none) {
    [part~='edit-button'] {
      opacity: 1;
    }
  }
  [part~='editor'] {
    display: grid;
    gap: 6px;
  }
  .sub {
    display: grid;
    gap: 2px;
  }
  [part~='save-form'] {
    display: grid;
    gap: 8px;
  }
  [part~='save-form'] [part~='field'] {
    display: grid;
    gap: 2px;
  }
  [part~='note'],
  [part~='store'] {
    margin: 0;
    color: var(--_muted);
  }
  [part~='input'] {
    width: 100%;
    min-height: 32px;
    padding: 4px 8px;
    border: 1px solid var(--_border);
    border-radius: calc(var(--_radius) / 2);
    background: var(--_surface);
  }
  [part~='input'][aria-invalid='true'] {
    border-color: var(--chat-customer-error-color);
  }
  [part~='error'],
  [part~='save-error'],
  [part~='tag-error'],
  [part~='hint-error'],
  [part~='load-error'] {
    margin: 0;
    color: var(--chat-customer-error-color);
    font-size: 0.9em;
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: 8px;
  }
  [part~='save-button'],
  [part~='cancel-button'],
  [part~='retry-button'],
  [part~='link-button'],
  [part~='merge-button'],
  [part~='dialog'] button {
    min-height: 28px;
    padding: 3px 12px;
    border: 1px solid var(--_border);
    border-radius: calc(var(--_radius) / 2);
    background: var(--_surface);
  }
  [part~='save-button'],
  [part~='confirm-button'] {
    background: var(--_accent) !important;
    border-color: var(--_accent) !important;
    color: var(--_accent-text);
  }
  [part~='retry-button'] {
    justify-self: start;
  }
  [part~='tags'] {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 8px;
  }
  [part~='tags'] > [part~='label'] {
    color: var(--_muted);
  }
  [part~='tag'] {
    min-height: 28px;
    padding: 2px 12px;
    border: 1px solid var(--_border);
    border-radius: 999px;
    background: var(--_surface);
    font-weight: 600;
    letter-spacing: 0.03em;
  }
  [part~='tag-on'][data-tag='vip'] {
    background: var(--chat-customer-vip-color);
    border-color: var(--chat-customer-vip-color);
    color: var(--_vip-text);
  }
  [part~='tag-on'][data-tag='bad'] {
    background: var(--chat-customer-bad-color);
    border-color: var(--chat-customer-bad-color);
    color: var(--_danger-text);
  }
  [part~='contacts'] {
    list-style: none;
    margin: 0;
    padding: 0;
  }
  [part~='hint'] {
    display: grid;
    gap: 4px;
    margin-top: 4px;
    padding: 8px;
    border-radius: calc(var(--_radius) / 2);
    background: var(--chat-customer-hint-bg);
  }
  [part~='hint-title'] {
    margin: 0;
    font-weight: 600;
  }
  [part~='matches'] {
    list-style: none;
    margin: 0;
    padding: 0;
    display: grid;
    gap: 6px;
  }
  [part~='match'] {
    display: flex;
    flex-wrap: wrap;
    align-items: baseline;
    gap: 2px 10px;
    padding: 6px 0;
    border-top: 1px solid var(--_border);
  }
  [part~='match']:first-child {
    border-top: 0;
  }
  [part~='match-name'] {
    font-weight: 600;
  }
  [part~='match-phone'],
  [part~='match-email'] {
    color: var(--_muted);
    overflow-wrap: anywhere;
  }
  .match-actions {
    display: flex;
    gap: 6px;
    margin-inline-start: auto;
  }
  [part~='status'] {
    margin: 0;
    color: var(--_muted);
  }
  [part~='dialog'] {
    max-width: min(28em, 90vw);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_surface);
    color: var(--_text);
    box-shadow: 0 8px 24px color-mix(in srgb, var(--_shadow) 18%, transparent);
  }
  [part~='dialog-title'] {
    margin: 0 0 8px;
    font-size: 1em;
  }
  [part~='dialog'] .actions {
    justify-content: flex-end;
    margin-top: 12px;
  }
`;
