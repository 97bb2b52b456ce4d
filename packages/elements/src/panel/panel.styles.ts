import { css } from 'lit';

export default css`
  :host {
    --chat-panel-width: 760px;
    --chat-panel-height: 560px;
    --chat-panel-min-width: 320px;
    --chat-panel-min-height: 240px;
    --chat-panel-bg: var(--_surface);
    --chat-panel-shadow: 0 12px 40px color-mix(in srgb, var(--_shadow) 25%, transparent);
    --chat-panel-list-width: 280px;
    --chat-panel-z-index: 1000;
    --chat-launcher-size: 56px;
    --_launcher-shadow: var(--chat-panel-shadow);
    display: block;
  }
  /* S-SET-1: chats off hide it whatever the page's own styles say (an inner !important wins). */
  :host([data-chats-off]) {
    display: none !important;
  }
  /* In the top layer as a manual popover (lib/top-layer.ts): undo the browser's popover box. */
  :host([data-mode='popup']) {
    position: fixed;
    inset: auto 20px 20px auto;
    z-index: var(--chat-panel-z-index);
    margin: 0;
    padding: 0;
    border: 0;
    background: none;
    overflow: visible;
  }
  :host([data-mode='section']) {
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
  :host([data-mode='popup']) [part~='panel'] {
    position: absolute;
    right: 0;
    bottom: calc(var(--chat-launcher-size) + 12px);
    width: min(var(--chat-panel-width), calc(100vw - 40px));
    height: min(var(--chat-panel-height), calc(100vh - 120px));
    box-shadow: var(--chat-panel-shadow);
  }
  /* Moved or resized (S-SET-2): a frame in viewport pixels, set through CSSOM by the element. */
  :host([data-mode='popup']) [part~='panel'][data-placed] {
    position: fixed;
    right: auto;
    bottom: auto;
    min-width: min(var(--chat-panel-min-width), 100vw);
    min-height: min(var(--chat-panel-min-height), 100vh);
  }
  :host([data-mode='popup']) [part~='header'] {
    cursor: move;
    user-select: none;
    touch-action: none;
  }
  :host([data-mode='section']) [part~='panel'] {
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
  [part~='move-handle'],
  [part~='close-button'],
  [part~='notifications-button'],
  [part~='crm-button'],
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
  [part~='move-handle'] {
    cursor: move;
  }
  /*
   * The grip: a triangle in the lower right corner, so that it never covers the composer's send
   * button (8 px in from the edges); it takes the pointer only there (clip-path clips hit testing).
   */
  [part~='resize-handle'] {
    position: absolute;
    right: 0;
    bottom: 0;
    width: 18px;
    height: 18px;
    padding: 0;
    border: 0;
    display: grid;
    place-items: end;
    font-size: 14px;
    color: var(--_muted);
    background: transparent;
    clip-path: polygon(100% 0, 100% 100%, 0 100%);
    cursor: nwse-resize;
    touch-action: none;
  }
  /* Its outline would be clipped: the focused grip fills with the accent colour instead. */
  [part~='resize-handle']:focus-visible {
    outline: none;
    background: var(--_accent);
    color: var(--_accent-text);
  }
  [part~='banner'] {
    padding: 4px 12px;
    font-size: 0.875em;
    background: var(--_warning-surface);
    color: var(--_warning-text);
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
  /* S-W-*: the CRM side next to the thread; on a narrow panel instead of it (the header's card button). */
  [part~='conversation'][data-crm] {
    display: grid;
    grid-template-columns: minmax(0, 1fr) var(--chat-panel-crm-width, 320px);
    grid-template-rows: auto minmax(0, 1fr) auto;
  }
  [part~='conversation'][data-crm] [part~='conversation-header'] {
    grid-column: 1 / -1;
  }
  [part~='conversation'][data-crm] [part~='thread'],
  [part~='conversation'][data-crm] [part~='composer'] {
    grid-column: 1;
  }
  [part~='crm'] {
    grid-column: 2;
    grid-row: 2 / 4;
    min-height: 0;
    border-inline-start: 1px solid var(--_border);
  }
  [part~='crm-button'] {
    margin-inline-start: auto;
  }
  [part~='selection-menu'] {
    position: fixed;
    z-index: 1;
    display: flex;
    flex-direction: column;
    min-width: 12em;
    padding: 4px 0;
    background: var(--_surface);
    color: var(--_text);
    border: 1px solid var(--_border);
    border-radius: calc(var(--_radius) / 2);
    box-shadow: 0 4px 16px color-mix(in srgb, var(--_shadow) 15%, transparent);
  }
  [part~='selection-menu-item'] {
    font: inherit;
    text-align: start;
    padding: 6px 12px;
    border: 0;
    background: transparent;
    color: inherit;
    cursor: pointer;
  }
  [part~='selection-menu-item']:hover,
  [part~='selection-menu-item']:focus-visible {
    background: var(--_surface-alt);
    outline: none;
  }
  [part~='crm-button'][aria-expanded='true'] {
    color: var(--_accent);
  }
  [part~='crm-button'] + [part~='conversation-menu'] {
    margin-inline-start: 0;
  }
  @container (max-width: 999px) {
    [part~='conversation'][data-crm] {
      grid-template-columns: minmax(0, 1fr);
    }
    [part~='conversation'][data-crm] [part~='thread'],
    [part~='conversation'][data-crm] [part~='composer'] {
      display: none;
    }
    [part~='crm'] {
      grid-column: 1;
      border-inline-start: 0;
    }
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
