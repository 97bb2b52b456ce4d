import { css } from 'lit';

export default css`
  :host {
    --chat-message-bg: var(--_surface-alt);
    --chat-message-text: var(--_text);
    --chat-message-outgoing-bg: var(--_accent);
    --chat-message-outgoing-text: var(--_accent-text);
    --chat-message-max-width: 75%;
    --chat-message-quote-border: currentColor;
    --chat-message-read-color: var(--_accent);
    display: flex;
    flex-direction: column;
    align-items: flex-start;
  }
  :host([outgoing]) {
    align-items: flex-end;
  }
  [part~='base'] {
    position: relative;
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
  :host([deleted]) [part~='text'] {
    font-style: italic;
    opacity: 0.8;
  }
  [part~='quote'] {
    display: block;
    width: 100%;
    text-align: start;
    margin: 0 0 4px;
    padding: 2px 8px;
    border: 0;
    border-inline-start: 3px solid var(--chat-message-quote-border);
    border-radius: 0;
    background: color-mix(in srgb, var(--_shadow) 6%, transparent);
    color: inherit;
    font-size: 0.85em;
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  [part~='quote-author'] {
    display: block;
    font-weight: 600;
  }
  [part~='menu-button'] {
    position: absolute;
    top: 0;
    inset-inline-end: -28px;
    padding: 0 6px;
    opacity: 0;
  }
  :host([outgoing]) [part~='menu-button'] {
    inset-inline-end: auto;
    inset-inline-start: -28px;
  }
  :host(:hover) [part~='menu-button'],
  :host(:focus-visible) [part~='menu-button'],
  [part~='menu-button']:focus,
  [part~='menu-button'][aria-expanded='true'] {
    opacity: 1;
  }
  /* The menu opens under the bubble, from its edge on the side of the thread it sits on. */
  :host(:not([outgoing])) chat-message-menu {
    right: auto;
    left: 0;
  }
  :host([status='delivered']) [part~='status'],
  :host([status='read']) [part~='status'] {
    color: var(--chat-message-read-color);
    font-weight: 700;
  }
  :host([outgoing][status='delivered']) [part~='status'],
  :host([outgoing][status='read']) [part~='status'] {
    /* On the accent bubble the accent colour would vanish: a light tint of the bubble's text. */
    color: color-mix(in srgb, var(--chat-message-read-color) 35%, var(--chat-message-outgoing-text));
  }
  [part~='status'] {
    display: inline-flex;
    font-size: 1.2em;
  }
  :host([status='failed']) [part~='status'] {
    /* A white disc behind the red one keeps it visible on the accent bubble. */
    border-radius: 50%;
    background: var(--_surface);
    color: var(--_danger);
  }
  [part~='tooltip'] {
    display: none;
    position: absolute;
    z-index: 1;
    top: 100%;
    inset-inline-end: 0;
    padding: 4px 8px;
    border-radius: calc(var(--_radius) / 2);
    background: var(--_text);
    color: var(--_surface);
    white-space: nowrap;
  }
  [part~='status']:hover + [part~='tooltip'],
  [part~='status']:focus + [part~='tooltip'] {
    display: block;
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
    position: relative;
    display: flex;
    align-items: center;
    gap: 6px;
    justify-content: flex-end;
    font-size: 0.7em;
    margin-top: 2px;
  }
  /* Small text: the muted colour on the incoming bubble, the bubble's own text colour on the
     accent one (any transparency there drops the time below 4.5:1). */
  :host(:not([outgoing])) [part~='meta'] {
    color: var(--_muted);
  }
  [part~='link'] {
    color: inherit;
    text-decoration: underline;
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
  /* A thread's focused message (its roving tab stop) rings its bubble, not the whole row. */
  :host(:focus) {
    outline: none;
  }
  :host(:focus-visible) [part~='base'] {
    outline: var(--_focus);
    outline-offset: 2px;
  }
`;
