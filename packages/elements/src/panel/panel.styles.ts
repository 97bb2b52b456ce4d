import { css } from 'lit';

export default css`
  :host {
    --chat-panel-width: 760px;
    --chat-panel-height: 560px;
    --chat-panel-bg: var(--_surface);
    --chat-panel-shadow: 0 12px 40px rgb(0 0 0 / 0.25);
    --chat-panel-list-width: 280px;
    --chat-panel-z-index: 1000;
    --chat-launcher-size: 56px;
    --_launcher-shadow: var(--chat-panel-shadow);
    display: block;
  }
  /* In the top layer as a manual popover (lib/top-layer.ts): undo the browser's popover box. */
  :host([mode='popup']) {
    position: fixed;
    inset: auto 20px 20px auto;
    z-index: var(--chat-panel-z-index);
    margin: 0;
    padding: 0;
    border: 0;
    background: none;
    overflow: visible;
  }
  :host([mode='section']) {
    height: 100%;
  }
  [part~='panel'] {
    display: flex;
    flex-direction: column;
    background: var(--chat-panel-bg);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    overflow: hidden;
    container-type: inline-size;
  }
  [part~='panel'][hidden] {
    display: none;
  }
  :host([mode='popup']) [part~='panel'] {
    position: absolute;
    right: 0;
    bottom: calc(var(--chat-launcher-size) + 12px);
    width: min(var(--chat-panel-width), calc(100vw - 40px));
    height: min(var(--chat-panel-height), calc(100vh - 120px));
    box-shadow: var(--chat-panel-shadow);
  }
  :host([mode='section']) [part~='panel'] {
    height: 100%;
  }
  [part~='header'] {
    display: flex;
    align-items: center;
    gap: 8px;
    padding: 8px 12px;
    border-bottom: 1px solid var(--_border);
    background: var(--_surface-alt);
  }
  [part~='title'] {
    margin: 0;
    font-size: 1em;
    flex: 1;
  }
  [part~='close-button'],
  [part~='notifications-button'],
  [part~='back-button'] {
    font: inherit;
    border: 0;
    background: transparent;
    color: inherit;
    cursor: pointer;
    padding: 2px 8px;
    font-size: 1.1em;
    border-radius: calc(var(--_radius) / 2);
  }
  [part~='banner'] {
    padding: 4px 12px;
    font-size: 0.875em;
    background: #fef3c7;
    color: #78350f;
  }
  [part~='no-access'] {
    margin: 0;
    padding: 24px 16px;
    color: var(--_text);
  }
  [part~='body'] {
    flex: 1;
    min-height: 0;
    display: grid;
    grid-template-columns: var(--chat-panel-list-width) 1fr;
  }
  [part~='lists'] {
    display: flex;
    flex-direction: column;
    border-right: 1px solid var(--_border);
    min-height: 0;
  }
  [part~='tabs'] {
    display: flex;
    border-bottom: 1px solid var(--_border);
  }
  [part~='tab'] {
    flex: 1;
    font: inherit;
    font-size: 0.875em;
    padding: 6px 8px;
    border: 0;
    border-bottom: 2px solid transparent;
    background: transparent;
    color: var(--_muted);
    cursor: pointer;
  }
  [part~='tab-selected'] {
    color: var(--_text);
    border-bottom-color: var(--_accent);
    font-weight: 600;
  }
  [part~='tab-unread'] {
    padding: 0 0.4em;
    border-radius: 0.75em;
    background: var(--_accent);
    color: var(--_accent-text);
    font-size: 0.8em;
  }
  #list-pane {
    flex: 1;
    min-height: 0;
    display: flex;
    flex-direction: column;
  }
  [part~='conversation-list'],
  [part~='internal-list'] {
    flex: 1;
    min-height: 0;
  }
  [part~='conversation-list'][hidden],
  [part~='internal-list'][hidden] {
    display: none;
  }
  [part~='conversation'] {
    display: flex;
    flex-direction: column;
    min-width: 0;
    min-height: 0;
  }
  [part~='conversation-header'] {
    display: flex;
    align-items: center;
    gap: 8px;
    padding: 8px 12px;
    border-bottom: 1px solid var(--_border);
    min-height: 2.5em;
  }
  [part~='conversation-title'] {
    margin: 0;
    font-size: 1em;
    font-weight: 600;
  }
  [part~='conversation-channel'],
  [part~='conversation-status'] {
    color: var(--_muted);
    font-size: 0.875em;
  }
  [part~='conversation-menu'] {
    margin-inline-start: auto;
  }
  [part~='notifications-button'][aria-pressed='true'] {
    color: var(--_accent);
  }
  [part~='thread'] {
    flex: 1;
  }
  [part~='back-button'] {
    display: none;
  }
  /* Narrow panels show the list or the open conversation, not both. */
  @container (max-width: 560px) {
    [part~='body'] {
      grid-template-columns: 1fr;
    }
    [part~='body'][data-view='list'] [part~='conversation'],
    [part~='body'][data-view='conversation'] [part~='lists'],
    [part~='body'][data-view='conversation'] [part~='conversation-list'] {
      display: none;
    }
    [part~='back-button'] {
      display: inline-block;
    }
  }
`;
