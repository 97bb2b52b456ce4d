import { css } from 'lit';

export default css`
  :host {
    --chat-message-bg: var(--_surface-alt);
    --chat-message-text: var(--_text);
    --chat-message-outgoing-bg: var(--_accent);
    --chat-message-outgoing-text: var(--_accent-text);
    --chat-message-max-width: 75%;
    display: flex;
    flex-direction: column;
    align-items: flex-start;
  }
  :host([outgoing]) {
    align-items: flex-end;
  }
  [part~='base'] {
    max-width: var(--chat-message-max-width);
    padding: 6px 10px;
    border-radius: var(--_radius);
    background: var(--chat-message-bg);
    color: var(--chat-message-text);
  }
  :host([outgoing]) [part~='base'] {
    background: var(--chat-message-outgoing-bg);
    color: var(--chat-message-outgoing-text);
  }
  :host([author-kind='system']) {
    align-items: center;
  }
  :host([author-kind='system']) [part~='base'] {
    background: transparent;
    color: var(--_muted);
    font-size: 0.875em;
  }
  :host([status='failed']) [part~='base'] {
    outline: 1px solid var(--_danger);
  }
  [part~='author'] {
    display: block;
    font-size: 0.75em;
    font-weight: 600;
    margin-bottom: 2px;
  }
  [part~='text'] {
    /* Text is rendered as text: newlines kept by CSS, long words wrapped instead of overflowing. */
    white-space: pre-wrap;
    overflow-wrap: anywhere;
    margin: 0;
  }
  [part~='meta'] {
    display: flex;
    gap: 6px;
    justify-content: flex-end;
    font-size: 0.7em;
    opacity: 0.85;
    margin-top: 2px;
  }
  [part~='actions'] {
    display: flex;
    gap: 8px;
    margin-top: 4px;
    font-size: 0.8em;
    color: var(--_danger);
    align-items: center;
  }
  button {
    font: inherit;
    color: var(--_accent);
    background: var(--_surface);
    border: 1px solid var(--_border);
    border-radius: calc(var(--_radius) / 2);
    padding: 2px 8px;
    cursor: pointer;
  }
`;
