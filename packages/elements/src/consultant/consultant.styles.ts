import { css } from 'lit';

export default css`
  :host {
    --chat-consultant-width: 360px;
    --chat-consultant-height: 500px;
    --chat-consultant-bg: var(--_surface);
    --chat-consultant-shadow: 0 12px 40px color-mix(in srgb, var(--_shadow) 25%, transparent);
    --chat-consultant-z-index: 1000;
    --chat-launcher-size: 56px;
    --_launcher-shadow: var(--chat-consultant-shadow);
    --chat-message-bg: var(--_surface-alt);
    --chat-message-outgoing-bg: var(--_accent);
    --chat-message-outgoing-text: var(--_accent-text);
    /* In the top layer as a manual popover (lib/top-layer.ts): undo the browser's popover box. */
    position: fixed;
    inset: auto 20px 20px auto;
    z-index: var(--chat-consultant-z-index);
    margin: 0;
    padding: 0;
    border: 0;
    background: none;
    overflow: visible;
  }
  button {
    font: inherit;
    cursor: pointer;
  }
  [part~='window'] {
    position: absolute;
    right: 0;
    bottom: calc(var(--chat-launcher-size) + 12px);
    width: min(var(--chat-consultant-width), calc(100vw - 40px));
    height: min(var(--chat-consultant-height), calc(100vh - 120px));
    display: flex;
    flex-direction: column;
    background: var(--chat-consultant-bg);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    box-shadow: var(--chat-consultant-shadow);
    overflow: hidden;
  }
  [part~='window'][hidden] {
    display: none;
  }
  [part~='header'] {
    display: flex;
    align-items: center;
    padding: 10px 12px;
    background: var(--_accent);
    color: var(--_accent-text);
  }
  [part~='title'] {
    flex: 1;
    margin: 0;
    font-size: 1em;
  }
  [part~='close-button'] {
    border: 0;
    background: transparent;
    color: inherit;
    font-size: 1.1em;
  }
  [part~='banner'] {
    padding: 4px 12px;
    font-size: 0.875em;
    background: var(--_warning-surface);
    color: var(--_warning-text);
  }
  [part~='banner'][hidden] {
    display: none;
  }
  [part~='messages'] {
    flex: 1;
    min-height: 0;
    overflow-y: auto;
    display: flex;
    flex-direction: column;
    gap: 6px;
    padding: 12px;
  }
  [part~='greeting'] {
    margin: 0 0 6px;
    color: var(--_muted);
    font-size: 0.875em;
  }
  [part~='message'] {
    max-width: 80%;
    align-self: flex-start;
    padding: 6px 10px;
    border-radius: var(--_radius);
    background: var(--chat-message-bg);
  }
  [part~='outgoing'] {
    align-self: flex-end;
    background: var(--chat-message-outgoing-bg);
    color: var(--chat-message-outgoing-text);
  }
  [part~='notice'] {
    margin: 0;
    align-self: center;
    text-align: center;
    font-size: 0.75em;
    color: var(--_muted);
  }
  [part~='author'] {
    display: block;
    font-size: 0.75em;
    font-weight: 600;
  }
  [part~='text'] {
    margin: 0;
    white-space: pre-wrap;
    overflow-wrap: anywhere;
  }
  /* Small text at full strength: on the accent bubble the bubble's text colour (5.2:1 with the
     default theme; transparency dropped it to 4.2:1), on the shop's replies the muted colour. */
  [part~='meta'] {
    display: block;
    text-align: end;
    font-size: 0.7em;
  }
  [part~='incoming'] [part~='meta'] {
    color: var(--_muted);
  }
  [part~='link'] {
    color: inherit;
  }
  /* A quote holds at most 200 characters of the quoted text (limits.replyPreviewChars). */
  [part~='quote'] {
    margin: 2px 0 4px;
    padding-inline-start: 6px;
    border-inline-start: 3px solid;
    font-size: 0.85em;
    overflow-wrap: anywhere;
  }
  [part~='quote-author'] {
    display: block;
    font-weight: 600;
  }
  [part~='deleted'] [part~='text'] {
    font-style: italic;
  }
  [part~='edited'],
  [part~='status'] {
    margin-inline-start: 4px;
  }
  [part~='typing'] {
    padding: 0 12px;
    font-size: 0.8em;
    color: var(--_muted);
  }
  [part~='failed'] {
    outline: 1px solid var(--_danger);
  }
  [part~='retry-button'] {
    margin-inline-start: 6px;
    border: 1px solid currentColor;
    border-radius: 4px;
    background: var(--_surface);
    color: var(--_danger);
    font-size: 1em;
  }
  /* A message of files alone has no text. */
  [part~='text']:empty {
    display: none;
  }
  [part~='form'] {
    display: flex;
    flex-wrap: wrap;
    align-items: flex-end;
    gap: 8px;
    padding: 8px;
    border-top: 1px solid var(--_border);
  }
  /* S-DLG-9: the files being sent take a line of their own above the field. */
  [part~='form'] > [part~='attachments'],
  [part~='form'] > [part~='attachment-notice'] {
    flex-basis: 100%;
    margin: 0;
  }
  [part~='attach-button'] {
    display: inline-grid;
    place-items: center;
    min-height: 2.4em;
    padding: 0 4px;
    border: 0;
    background: none;
    color: var(--_muted);
    cursor: pointer;
    font-size: 1.15em;
  }
  [part~='textarea'] {
    flex: 1;
    font: inherit;
    resize: none;
    field-sizing: content;
    min-height: 2.4em;
    max-height: 8em;
    padding: 6px 8px;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
  }
  [part~='send-button'] {
    border: 0;
    border-radius: var(--_radius);
    padding: 6px 14px;
    background: var(--_accent);
    color: var(--_accent-text);
  }
  [part~='send-button']:disabled {
    background: var(--_surface-alt);
    color: var(--_muted);
    cursor: default;
  }
`;
