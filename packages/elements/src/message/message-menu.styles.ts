import { css } from 'lit';

export default css`
  :host {
    position: absolute;
    z-index: 2;
    top: 100%;
    right: 0;
  }
  [part~='menu'] {
    display: flex;
    flex-direction: column;
    min-width: 10em;
    padding: 4px;
    background: var(--_surface);
    color: var(--_text);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    box-shadow: 0 4px 16px color-mix(in srgb, var(--_shadow) 15%, transparent);
    font-size: 0.875rem;
  }
  [part~='question'] {
    margin: 4px 8px;
  }
  [part~='item'] {
    font: inherit;
    text-align: start;
    padding: 6px 10px;
    border: 0;
    border-radius: calc(var(--_radius) / 2);
    background: none;
    color: inherit;
    cursor: pointer;
  }
  [part~='item']:hover,
  [part~='item']:focus {
    background: var(--_surface-alt);
  }
`;
