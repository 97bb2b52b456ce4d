import { css } from 'lit';

export default css`
  :host {
    --chat-audio-accent: var(--_accent);
    --chat-audio-accent-text: var(--_accent-text);
    --chat-audio-button-size: 2.25em;
    --chat-audio-width: 16em;
    display: inline-block;
    width: var(--chat-audio-width);
    max-width: 100%;
    vertical-align: middle;
    /* Inside a bubble it takes the bubble's text colour (an outgoing one is light on the accent). */
    color: inherit;
  }
  :host([hidden]) {
    display: none;
  }
  [part~='base'] {
    display: flex;
    align-items: center;
    gap: 8px;
  }
  [part~='button'] {
    flex: none;
    display: inline-flex;
    align-items: center;
    justify-content: center;
    width: var(--chat-audio-button-size);
    height: var(--chat-audio-button-size);
    padding: 0;
    border: 0;
    border-radius: 50%;
    background: var(--chat-audio-accent);
    color: var(--chat-audio-accent-text);
    font: inherit;
    cursor: pointer;
  }
  [part~='button'] svg {
    width: 45%;
    height: 45%;
  }
  [part~='button']:disabled {
    opacity: 0.5;
    cursor: default;
  }
  [part~='slider'] {
    flex: 1;
    min-width: 3em;
    margin: 0;
    accent-color: var(--chat-audio-accent);
  }
  [part~='time'] {
    flex: none;
    font-size: 0.8em;
    font-variant-numeric: tabular-nums;
  }
  [part~='error'] {
    flex: 1;
    font-size: 0.85em;
  }
  audio {
    display: none;
  }
`;
