import { css } from 'lit';

/*
 * The popover's custom properties are documented on <chat-quick-replies> and set there or above
 * it: they are read here with fallbacks to the theme's tokens, not declared on :host, so inherited
 * values win.
 */
export default css`
  /* The popover's box is lib/anchored-popover.ts's. */
  :host {
    z-index: var(--chat-quick-replies-z-index, 2147483647);
    display: flex;
    flex-direction: column;
    width: var(--chat-quick-replies-width, 22rem);
    border: 1px solid var(--chat-quick-replies-border, var(--_border));
    background: var(--chat-quick-replies-bg, var(--_surface));
    color: var(--_text);
    font-size: 0.875rem;
  }
  button {
    font: inherit;
    cursor: pointer;
  }
  svg {
    flex: none;
  }
  [part~='header'] {
    display: flex;
    gap: 4px;
    padding: 8px;
    border-bottom: 1px solid var(--chat-quick-replies-border, var(--_border));
  }
  [part~='search'],
  [part~='input'] {
    flex: 1;
    min-width: 0;
    font: inherit;
    color: inherit;
    padding: 6px 8px;
    border: 1px solid var(--chat-quick-replies-border, var(--_border));
    border-radius: var(--_radius);
    background: var(--_surface);
  }
  [part~='edit-toggle'],
  [part~='edit-button'],
  [part~='delete-button'],
  [part~='rename-category-button'],
  [part~='delete-category-button'] {
    display: inline-grid;
    place-items: center;
    min-width: 2em;
    min-height: 2em;
    padding: 0 4px;
    border: 0;
    border-radius: var(--_radius);
    background: none;
    color: var(--_muted);
  }
  [part~='edit-toggle'][aria-pressed='true'] {
    background: var(--_accent);
    color: var(--_accent-text);
  }
  [part~='edit-button']:hover,
  [part~='delete-button']:hover,
  [part~='rename-category-button']:hover,
  [part~='delete-category-button']:hover {
    background: var(--_surface-alt);
    color: var(--_text);
  }
  [part~='body'],
  [part~='body'][data-list] > [role='listbox'] {
    overflow-y: auto;
    max-height: var(--chat-quick-replies-max-height, 20rem);
    padding: 4px 0;
  }
  /* While choosing, the listbox scrolls (the component says why), not the body around it. */
  [part~='body'][data-list] {
    overflow: visible;
    max-height: none;
    padding: 0;
  }
  [part~='group'] {
    padding-bottom: 4px;
  }
  [part~='category'] {
    margin: 0;
    padding: 6px 12px 2px;
    font-size: 0.75rem;
    font-weight: 600;
    text-transform: uppercase;
    letter-spacing: 0.02em;
    color: var(--_muted);
  }
  [part~='category-row'] {
    display: flex;
    align-items: center;
    gap: 2px;
    padding-inline-end: 8px;
  }
  [part~='category-row'] [part~='category'] {
    flex: 1;
  }
  /* A row's own looks are quick-reply-row.ts's. */
  [part~='reply'] {
    display: grid;
    gap: 0 8px;
    padding: 6px 12px;
  }
  [part~='reply'][aria-busy='true'] {
    opacity: 0.6;
  }
  [part~='manage-list'] {
    list-style: none;
    margin: 0;
    padding: 0;
  }
  [part~='manage-list'] [part~='reply'] {
    grid-template-columns: 1fr auto auto;
    align-items: center;
    cursor: default;
  }
  [part~='reply-body'] {
    display: grid;
    grid-template-columns: auto 1fr;
    gap: 0 8px;
    min-width: 0;
  }
  [part~='toolbar'] {
    display: flex;
    flex-wrap: wrap;
    gap: 6px;
    padding: 6px 8px;
  }
  [part~='new-reply-button'],
  [part~='new-category-button'],
  [part~='create-first-button'],
  [part~='retry-button'],
  [part~='save-button'],
  [part~='cancel-button'],
  [part~='confirm-delete-button'],
  [part~='confirm-cancel-button'] {
    display: inline-flex;
    align-items: center;
    gap: 4px;
    padding: 4px 10px;
    border: 1px solid var(--chat-quick-replies-border, var(--_border));
    border-radius: var(--_radius);
    background: var(--_surface);
    color: var(--_text);
  }
  [part~='create-first-button'],
  [part~='save-button'] {
    border-color: var(--_accent);
    background: var(--_accent);
    color: var(--_accent-text);
  }
  [part~='confirm-delete-button'] {
    border-color: var(--_danger);
    background: var(--_danger);
    color: var(--_danger-text);
  }
  [part~='confirm'] {
    grid-column: 1 / -1;
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 6px;
    margin: 4px 8px;
    padding: 6px 8px;
    border-radius: var(--_radius);
    background: var(--_surface-alt);
  }
  [part~='confirm'] p {
    flex-basis: 100%;
    margin: 0;
  }
  [part~='category-form'] {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 6px;
    padding: 6px 8px;
  }
  [part~='category-form'] [part~='label'] {
    flex-basis: 100%;
    font-weight: 600;
  }
  [part~='field-error'],
  [part~='error'] {
    flex-basis: 100%;
    margin: 0;
    color: var(--_danger);
  }
  [part~='error'] {
    padding: 6px 12px;
  }
  [part~='error-detail'] {
    display: block;
    font-family: ui-monospace, monospace;
    font-size: 0.8em;
  }
  [part~='empty'],
  [part~='status'] {
    margin: 0;
    padding: 12px;
    color: var(--_muted);
    text-align: center;
  }
  [part~='empty'] p {
    margin: 0 0 8px;
  }
`;
