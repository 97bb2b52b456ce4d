import { css } from 'lit';

export default css`
  :host {
    display: block;
    overflow: auto;
    background: var(--chat-crm-bg, var(--_surface));
    color: var(--_text);
    font: var(--chat-font, inherit);
  }
  [part~='section'] {
    border-bottom: 1px solid var(--_border);
  }
  [part~='summary'] {
    cursor: pointer;
    padding: 8px 12px;
    font-weight: 600;
    font-size: 0.9375em;
  }
  [part~='summary']:focus-visible {
    outline: var(--_focus);
    outline-offset: -2px;
  }
  [part~='section'] > :not(summary) {
    display: block;
    padding: 0 12px 12px;
  }
  [part~='section'][hidden] {
    display: none;
  }
  [part~='notice'],
  [part~='error'] {
    margin: 8px 12px;
    font-size: 0.875em;
  }
  [part~='error'] {
    color: var(--_danger);
  }
`;
