import { css } from 'lit';

export default css`
  /* The series' own colours, light and dark: here, not in the shared tokens every bundle carries.
     Without light-dark(), the light ones (see lib/theme.ts). */
  :host {
    --_series-blue: light-dark(#2563eb, #60a5fa);
    --_series-green: light-dark(#15803d, #4ade80);
    --_series-orange: light-dark(#b45309, #fb923c);
    --_series-violet: light-dark(#7c3aed, #a78bfa);
  }
  @supports not (color: light-dark(#000, #fff)) {
    :host {
      --_series-blue: #2563eb;
      --_series-green: #15803d;
      --_series-orange: #b45309;
      --_series-violet: #7c3aed;
    }
  }
  :host {
    --chat-analytics-bg: var(--_surface);
    --chat-analytics-gap: 16px;
    --chat-analytics-max-width: none;
    --chat-analytics-tile-bg: var(--_surface-alt);
    --chat-analytics-chart-height: 220px;
    --chat-analytics-grid-color: var(--_border);
    --chat-analytics-error-color: var(--_danger);
    /* The series' colours are their own, not the accent: a teal accent beside the green of
       "closed" would make two lines alike. Each keeps 3:1 against the surface, light or dark. */
    --chat-analytics-new-color: var(--_series-blue);
    --chat-analytics-closed-color: var(--_series-green);
    --chat-analytics-open-color: var(--_series-orange);
    --chat-analytics-customer-color: var(--_series-blue);
    --chat-analytics-manager-color: var(--_series-green);
    --chat-analytics-bot-color: var(--_series-violet);
    display: block;
    font-size: 0.9375em;
  }
  [part~='base'] {
    display: grid;
    /* One column as wide as the element: a wide table scrolls in its own box instead of widening the page. */
    grid-template-columns: minmax(0, 1fr);
    gap: var(--chat-analytics-gap);
    max-width: var(--chat-analytics-max-width);
    min-width: 0;
    padding: 16px;
    background: var(--chat-analytics-bg);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
  }
  [part~='toolbar'] {
    display: flex;
    flex-wrap: wrap;
    align-items: end;
    gap: 10px 18px;
  }
  fieldset {
    min-width: 0;
    margin: 0;
    padding: 0;
    border: 0;
  }
  legend,
  [part~='label'] {
    padding: 0;
    margin-bottom: 4px;
    font-weight: 600;
    font-size: 0.875em;
  }
  [part~='field'] {
    display: grid;
    align-content: start;
  }
  [part~='range-options'] {
    display: flex;
    flex-wrap: wrap;
    gap: 4px;
  }
  [part~='range-option'] {
    display: inline-flex;
    align-items: center;
    gap: 6px;
    padding: 4px 10px;
    border: 1px solid var(--_border);
    border-radius: 999px;
    cursor: pointer;
  }
  [part~='range-option']:has(input:checked) {
    border-color: var(--_accent);
    background: var(--_accent);
    color: var(--_accent-text);
  }
  [part~='range-option'] input {
    margin: 0;
    accent-color: var(--_accent-text);
  }
  [part~='range-option']:has(input:focus-visible) {
    outline: var(--_focus);
    outline-offset: 2px;
  }
  [part~='range-option'] input:focus-visible {
    outline: none;
  }
  [part~='dates'] {
    display: flex;
    flex-wrap: wrap;
    gap: 6px 12px;
  }
  [part~='input'],
  [part~='select'] {
    font: inherit;
    padding: 4px 8px;
    border: 1px solid var(--_border);
    border-radius: calc(var(--_radius) / 2);
    background: var(--_surface);
    color: var(--_text);
  }
  [aria-invalid='true'] {
    border-color: var(--chat-analytics-error-color);
    box-shadow: 0 0 0 1px var(--chat-analytics-error-color);
  }
  [part~='field-error'],
  [part~='error'] {
    margin: 4px 0 0;
    color: var(--chat-analytics-error-color);
    font-size: 0.875em;
    font-weight: 600;
  }
  [part~='error'] {
    margin: 0;
    font-size: 1em;
  }
  [part~='time-zone'] {
    margin: 0;
    color: var(--_muted);
    font-size: 0.875em;
    align-self: center;
  }
  .actions {
    display: flex;
    gap: 8px;
    margin-inline-start: auto;
  }
  button {
    font: inherit;
    display: inline-flex;
    align-items: center;
    gap: 6px;
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
  [part~='status'] {
    margin: 0;
    color: var(--_muted);
  }
  [part~='content'] {
    display: grid;
    grid-template-columns: minmax(0, 1fr);
    gap: var(--chat-analytics-gap);
    min-width: 0;
  }
  [part~='content'][aria-busy='true'] {
    opacity: 0.6;
  }
  h3 {
    margin: 0 0 8px;
    font-size: 1em;
  }
  [part~='tiles'] {
    display: grid;
    grid-template-columns: repeat(auto-fill, minmax(min(100%, 9.5rem), 1fr));
    gap: 8px;
    margin: 0;
  }
  [part~='tile'] {
    display: flex;
    flex-direction: column;
    gap: 2px;
    padding: 10px 12px;
    border-radius: calc(var(--_radius) / 2);
    background: var(--chat-analytics-tile-bg);
  }
  [part~='tile-label'] {
    color: var(--_muted);
    font-size: 0.875em;
  }
  [part~='tile-value'] {
    margin: 0;
    font-size: 1.5em;
    font-weight: 600;
    font-variant-numeric: tabular-nums;
    order: 1;
  }
  [part~='tile-note'] {
    margin: 0;
    color: var(--_muted);
    font-size: 0.8125em;
    order: 2;
  }
  [part~='charts'] {
    display: grid;
    grid-template-columns: repeat(auto-fit, minmax(min(100%, 22rem), 1fr));
    gap: var(--chat-analytics-gap);
  }
  [part~='chart'] {
    margin: 0;
    min-width: 0;
  }
  [part~='chart-title'] {
    font-weight: 600;
  }
  [part~='legend'] {
    display: flex;
    flex-wrap: wrap;
    gap: 2px 14px;
    margin: 4px 0 6px;
    padding: 0;
    list-style: none;
    color: var(--_muted);
    font-size: 0.8125em;
  }
  [part~='legend'] li {
    display: inline-flex;
    align-items: center;
    gap: 6px;
  }
  .key {
    flex: none;
  }
  .new {
    color: var(--chat-analytics-new-color);
  }
  .closed {
    color: var(--chat-analytics-closed-color);
  }
  .open {
    color: var(--chat-analytics-open-color);
  }
  .customer {
    color: var(--chat-analytics-customer-color);
  }
  .manager {
    color: var(--chat-analytics-manager-color);
  }
  .bot {
    color: var(--chat-analytics-bot-color);
  }
  [part~='plot'] {
    height: var(--chat-analytics-chart-height);
    min-width: 0;
    overflow: hidden;
  }
  [part~='chart-status'] {
    margin: 0;
    color: var(--_muted);
  }
  [part~='table-wrap'] {
    overflow-x: auto;
    max-width: 100%;
  }
  table {
    border-collapse: collapse;
    font-variant-numeric: tabular-nums;
    min-width: 100%;
  }
  caption {
    text-align: start;
    font-weight: 600;
    padding-bottom: 6px;
  }
  th,
  td {
    padding: 6px 8px;
    border-bottom: 1px solid var(--_border);
    text-align: end;
    vertical-align: bottom;
  }
  th:first-child,
  td:first-child {
    text-align: start;
  }
  thead th {
    font-weight: 600;
    font-size: 0.8125em;
    color: var(--_muted);
  }
  tbody th {
    font-weight: 400;
    white-space: nowrap;
  }
  td {
    white-space: nowrap;
  }
  [part~='sort-button'] {
    padding: 2px 4px;
    border: 0;
    background: none;
    color: inherit;
    font-weight: inherit;
    text-align: inherit;
    margin-inline: -4px;
  }
  [part~='sort-icon'] {
    flex: none;
    opacity: 0.35;
  }
  th[aria-sort] [part~='sort-icon'] {
    opacity: 1;
  }
  th[aria-sort='ascending'] [part~='sort-icon'] {
    transform: rotate(180deg);
  }
  [part~='empty'] {
    color: var(--_muted);
    text-align: start;
  }
  [part~='series-details'] summary {
    cursor: pointer;
    font-weight: 600;
    width: fit-content;
  }
  [part~='series-details'][open] summary {
    margin-bottom: 8px;
  }
`;
