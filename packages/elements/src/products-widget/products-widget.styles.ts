import { css } from 'lit';

export default css`
  :host {
    --chat-products-bg: var(--_surface);
    --chat-products-gap: 10px;
    --chat-products-list-max-height: 24rem;
    --chat-products-picked-bg: color-mix(in srgb, var(--_accent) 10%, var(--_surface));
    --chat-products-out-of-stock-color: var(--_danger);
    display: block;
    font-size: 0.9375em;
  }
  [part~='base'] {
    display: grid;
    gap: var(--chat-products-gap);
    padding: 12px;
    background: var(--chat-products-bg);
  }
  [part~='filters'] {
    display: flex;
    flex-wrap: wrap;
    align-items: end;
    gap: var(--chat-products-gap);
  }
  [part~='field'] {
    display: grid;
    gap: 4px;
    min-width: 0;
  }
  [data-field='query'] {
    flex: 1 1 100%;
  }
  fieldset[part~='price'] {
    display: flex;
    flex-wrap: wrap;
    gap: 6px;
    margin: 0;
    padding: 0;
    border: 0;
  }
  fieldset[part~='price'] > legend {
    padding: 0;
    margin-bottom: 4px;
  }
  .bound {
    display: inline-flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 4px;
  }
  [part~='label'] {
    font-size: 0.875em;
    color: var(--_muted);
  }
  input,
  select,
  button {
    font: inherit;
    color: inherit;
  }
  [part~='search'],
  [part~='select'],
  [part~='price-input'] {
    min-width: 0;
    padding: 5px 8px;
    border: 1px solid var(--_border);
    border-radius: calc(var(--_radius) / 2);
    background: var(--_surface);
  }
  [part~='search'] {
    width: 100%;
  }
  [part~='price-input'] {
    width: 7em;
  }
  [aria-invalid='true'] {
    border-color: var(--_danger);
  }
  [part~='error'] {
    flex-basis: 100%;
    color: var(--_danger);
    font-size: 0.8125em;
  }
  [part~='checkbox'] {
    display: inline-flex;
    align-items: center;
    gap: 6px;
    padding-bottom: 6px;
  }
  [part~='status'],
  [part~='notice'],
  [part~='picked-count'] {
    margin: 0;
    color: var(--_muted);
  }
  [part~='status']:empty {
    display: none;
  }
  [part~='results'] {
    display: grid;
    gap: var(--chat-products-gap);
    max-height: var(--chat-products-list-max-height);
    overflow: auto;
    margin: 0;
    padding: 0;
    list-style: none;
  }
  [part~='results'][aria-busy='true'] {
    opacity: 0.6;
  }
  [part~='product'] > fieldset {
    min-width: 0;
    margin: 0;
    padding: 8px 10px;
    border: 1px solid var(--_border);
    border-radius: calc(var(--_radius) / 2);
  }
  [part~='product-header'] {
    display: flex;
    flex-wrap: wrap;
    align-items: baseline;
    gap: 2px 10px;
    width: 100%;
    float: left;
    padding: 0;
    margin-bottom: 6px;
  }
  [part~='product-image'] {
    width: 40px;
    height: 40px;
    object-fit: cover;
    border-radius: 4px;
    align-self: center;
  }
  [part~='product-name'] {
    font-weight: 600;
  }
  [part~='product-category'] {
    color: var(--_muted);
    font-size: 0.875em;
  }
  [part~='product-price'] {
    margin-left: auto;
    font-variant-numeric: tabular-nums;
    white-space: nowrap;
  }
  [part~='offers'] {
    clear: both;
    display: grid;
    gap: 2px;
    margin: 0;
    padding: 0;
    list-style: none;
  }
  [part~='offer'] > label {
    display: grid;
    grid-template-columns: auto minmax(3em, 1fr) auto auto minmax(6em, auto);
    align-items: center;
    gap: 8px;
    padding: 4px 6px;
    border-radius: 4px;
    cursor: pointer;
  }
  [part~='offer']:hover > label {
    background: var(--_surface-alt);
  }
  [part~='offer-picked'] > label,
  [part~='offer-picked']:hover > label {
    background: var(--chat-products-picked-bg);
  }
  [part~='offer-article'] {
    color: var(--_muted);
    font-size: 0.875em;
  }
  [part~='offer-price'] {
    font-variant-numeric: tabular-nums;
    text-align: end;
    white-space: nowrap;
  }
  [part~='offer-stock'] {
    color: var(--_muted);
    font-size: 0.875em;
    text-align: end;
  }
  [part~='out-of-stock'] {
    color: var(--chat-products-out-of-stock-color);
  }
  .failure {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 8px;
  }
  [part~='load-error'] {
    margin: 0;
    color: var(--_danger);
  }
  button {
    padding: 6px 12px;
    border: 1px solid var(--_border);
    border-radius: calc(var(--_radius) / 2);
    background: var(--_surface);
    cursor: pointer;
  }
  button:disabled,
  button[aria-disabled='true'] {
    cursor: default;
    opacity: 0.6;
  }
  [part~='load-more-button'] {
    justify-self: center;
  }
  [part~='footer'] {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    justify-content: space-between;
    gap: 8px;
    padding-top: 8px;
    border-top: 1px solid var(--_border);
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: 8px;
  }
  [part~='add-button'],
  [part~='send-button'] {
    border-color: var(--_accent);
  }
  [part~='add-button']:not(:disabled) {
    background: var(--_accent);
    color: var(--_accent-text);
  }
`;
