import { css } from 'lit';

export default css`
  :host {
    --chat-filters-bg: var(--_surface);
    --chat-filters-gap: 8px;
    display: block;
  }
  [part~='base'] {
    display: flex;
    flex-direction: column;
    gap: var(--chat-filters-gap);
    padding: 8px 12px;
    background: var(--chat-filters-bg);
    font-size: 0.875em;
  }
  fieldset {
    border: 0;
    margin: 0;
    padding: 0;
    display: flex;
    flex-direction: column;
    gap: 2px;
  }
  legend,
  [part~='field'] {
    font-weight: 600;
  }
  [part~='field'] {
    display: grid;
    gap: 2px;
  }
  [part~='select'] {
    font: inherit;
    font-weight: normal;
    padding: 2px 4px;
    border: 1px solid var(--_border);
    border-radius: calc(var(--_radius) / 2);
    background: var(--_surface);
    color: var(--_text);
  }
  [part~='reset-button'] {
    align-self: flex-start;
    font: inherit;
    padding: 2px 10px;
    border: 1px solid var(--_border);
    border-radius: calc(var(--_radius) / 2);
    background: var(--_surface);
    color: var(--_accent);
    cursor: pointer;
  }
  [part~='reset-button']:disabled {
    color: var(--_muted);
    cursor: default;
  }
`;
