import { css } from 'lit';

export default css`
  :host {
    --chat-order-bg: var(--_surface);
    --chat-order-gap: 10px;
    /* Green with 4.5:1 contrast on the surface; a paid payment also says so in words. */
    --chat-order-paid-color: var(--_success);
    --chat-order-error-color: var(--_danger);
    display: block;
    font-size: 0.9375em;
  }
  [part~='base'] {
    display: grid;
    gap: var(--chat-order-gap);
    padding: 8px 10px 10px;
    background: var(--chat-order-bg);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
  }
  [part~='section'] {
    display: grid;
    gap: 6px;
    min-width: 0;
  }
  [part~='section'] + [part~='section'] {
    padding-top: var(--chat-order-gap);
    border-top: 1px solid var(--_border);
  }
  [part~='title'] {
    margin: 0;
    font-size: 1em;
    font-weight: 600;
  }
  p {
    margin: 0;
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
  a {
    color: var(--_accent);
  }
  [part~='order'] {
    display: grid;
    gap: 6px;
    min-width: 0;
    overflow-wrap: anywhere;
  }
  [part~='order-number'] {
    font-weight: 600;
  }
  [part~='order-status'] {
    color: var(--_muted);
  }
  [part~='items'],
  [part~='lines'] {
    display: grid;
    gap: 6px;
    margin: 0;
    padding: 0;
    list-style: none;
  }
  [part~='item'] {
    display: grid;
    grid-template-columns: 1fr auto;
    gap: 0 8px;
  }
  [part~='item-name'] {
    grid-column: 1 / -1;
  }
  [part~='item-quantity'] {
    color: var(--_muted);
  }
  [part~='item-price'] {
    text-align: end;
  }
  .each {
    color: var(--_muted);
    font-size: 0.875em;
  }
  [part~='summary'] {
    display: grid;
    gap: 4px;
    margin: 0;
  }
  [part~='summary'] > div {
    display: grid;
    grid-template-columns: minmax(6em, auto) 1fr;
    gap: 0 8px;
  }
  dt {
    color: var(--_muted);
  }
  dd {
    margin: 0;
    grid-column: 2;
  }
  [part~='payment-paid'] {
    color: var(--chat-order-paid-color);
  }
  [part~='paid-mark'] {
    font-weight: 600;
  }
  [part~='actions'],
  [part~='form-actions'] {
    display: flex;
    flex-wrap: wrap;
    gap: 8px;
  }
  [part~='link-button'],
  [part~='place-button'] {
    border-color: var(--_accent);
    background: var(--_accent);
    color: var(--_accent-text);
    font-weight: 600;
  }
  [part~='action-status'],
  [part~='draft-status'] {
    color: var(--_muted);
    font-size: 0.875em;
  }
  [part~='action-status']:empty,
  [part~='draft-status']:empty {
    display: none;
  }
  [part~='empty'],
  [part~='hint'],
  [part~='status'] {
    color: var(--_muted);
  }
  [part~='form'] {
    display: grid;
    gap: var(--chat-order-gap);
  }
  [part~='line'] {
    display: grid;
    grid-template-columns: 1fr auto auto;
    align-items: center;
    gap: 4px 8px;
  }
  [part~='line-name'] {
    grid-column: 1 / -1;
    overflow-wrap: anywhere;
  }
  [part~='line'] [part~='error'],
  [part~='stock'] {
    grid-column: 1 / -1;
  }
  [part~='quantity'] {
    width: 6em;
  }
  [part~='remove-button'] {
    display: inline-flex;
    align-items: center;
    justify-content: center;
    padding: 4px;
    line-height: 1;
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
  [aria-invalid='true'] {
    border-color: var(--chat-order-error-color);
    box-shadow: 0 0 0 1px var(--chat-order-error-color);
  }
  [part~='error'],
  [part~='form-error'],
  [part~='action-error'],
  [part~='load-error'],
  [part~='stock'] {
    color: var(--chat-order-error-color);
    font-size: 0.875em;
    font-weight: 600;
  }
  [part~='total'] {
    font-weight: 600;
  }
  [part~='needs-customer'],
  [part~='notice'] {
    padding: 8px 12px;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_surface-alt);
  }
  [part~='retry-button'] {
    justify-self: start;
  }
`;
