import { css } from 'lit';

export default css`
  /* The SLA markers' own colours, light and dark: here, not in the shared tokens every bundle carries.
     Without light-dark(), the light ones (see lib/theme.ts). */
  :host {
    --_sla-warning: light-dark(#f59e0b, #fbbf24);
    --_sla-breached: light-dark(#dc2626, #f87171);
  }
  @supports not (color: light-dark(#000, #fff)) {
    :host {
      --_sla-warning: #f59e0b;
      --_sla-breached: #dc2626;
    }
  }
  :host {
    --chat-list-bg: var(--_surface);
    --chat-list-item-hover-bg: var(--_surface-alt);
    --chat-list-item-selected-bg: color-mix(in srgb, var(--_accent) 12%, var(--_surface));
    --chat-list-unread-bg: var(--_accent);
    --chat-list-unread-text: var(--_accent-text);
    --chat-list-mark-bg: color-mix(in srgb, var(--_highlight) 55%, transparent);
    /* Read with fallbacks, not declared: values set above the list win. */
    --_sla-warning-color: var(--chat-sla-warning-color, var(--_sla-warning));
    --_sla-breached-color: var(--chat-sla-breached-color, var(--_sla-breached));
    display: flex;
    flex-direction: column;
    min-height: 0;
    background: var(--chat-list-bg);
    --_row-hover-bg: var(--chat-list-item-hover-bg);
    --_row-selected-bg: var(--chat-list-item-selected-bg);
    --_row-unread-bg: var(--chat-list-unread-bg);
    --_row-unread-text: var(--chat-list-unread-text);
  }
  [part~='header'] {
    display: flex;
    gap: 4px;
    padding: 6px 8px;
    border-bottom: 1px solid var(--_border);
  }
  [part~='search'] {
    flex: 1;
    min-width: 0;
    font: inherit;
    font-size: 0.875em;
    padding: 4px 8px;
    border: 1px solid var(--_border);
    border-radius: calc(var(--_radius) / 2);
    background: var(--_surface);
    color: var(--_text);
  }
  [part~='filter-button'] {
    display: inline-flex;
    align-items: center;
    gap: 2px;
    font: inherit;
    font-size: 0.875em;
    padding: 4px 8px;
    border: 1px solid var(--_border);
    border-radius: calc(var(--_radius) / 2);
    background: var(--_surface);
    color: var(--_muted);
    cursor: pointer;
  }
  [part~='filter-button-active'] {
    color: var(--_accent);
    border-color: var(--_accent);
  }
  [part~='sla-count'] {
    font: inherit;
    font-size: 0.875em;
    font-weight: 600;
    min-width: 2em;
    padding: 4px 8px;
    border: 1px solid var(--_sla-breached-color);
    border-radius: 999px;
    background: var(--_sla-breached-color);
    color: var(--_danger-text);
    cursor: pointer;
  }
  [part~='sla-count'][aria-pressed='true'] {
    background: var(--_surface);
    color: var(--_sla-breached-color);
  }
  [part~='filters'] {
    border-bottom: 1px solid var(--_border);
  }
  [part~='filters'][hidden] {
    display: none;
  }
  [part~='item'],
  [part~='hit'] {
    grid-template-areas: 'name time' 'channel channel' 'preview unread';
  }
  [part~='item'][data-unread] [part~='preview'] {
    color: var(--_text);
  }
  [part~='channel'] {
    grid-area: channel;
    font-size: 0.75em;
    color: var(--_muted);
  }
  [part~='hit'] {
    grid-template-areas: 'name time' 'channel channel' 'preview preview';
  }
  [part~='hit-field'] {
    grid-area: channel;
    font-size: 0.75em;
    color: var(--_muted);
  }
  [part~='hit-text'] {
    grid-area: preview;
    font-size: 0.875em;
    overflow-wrap: anywhere;
  }
  [part~='mark'] {
    background: var(--chat-list-mark-bg);
    color: inherit;
    border-radius: 2px;
  }
  [part~='item-closed'] [part~='name'] {
    color: var(--_muted);
  }
  [part~='blocked'] {
    padding: 0 4px;
    border-radius: 4px;
    background: var(--_danger);
    color: var(--_danger-text);
    font-weight: 600;
  }
  /* S-SLA-1: a bar at the row's start edge, yellow then red. */
  [part~='item'] {
    position: relative;
  }
  [part~='sla'] {
    position: absolute;
    inset-block: 6px;
    inset-inline-start: 1px;
    width: 4px;
    border-radius: 2px;
    background: var(--_sla-warning-color);
  }
  [part~='sla-breached'] {
    background: var(--_sla-breached-color);
  }
  [part~='waiting'] {
    grid-column: 1 / -1;
    font-size: 0.75em;
    color: var(--_danger);
  }
  [part~='draft-label'] {
    color: var(--_danger);
  }
  [part~='load-more'],
  [part~='search-more'] {
    display: block;
    width: calc(100% - 16px);
    margin: 8px;
    font: inherit;
    padding: 6px;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_surface);
    color: var(--_accent);
    cursor: pointer;
  }
  /* The held rows and the pill above them: the pill floats, so it moves no row when it shows. */
  .held {
    position: relative;
    flex: 1;
    min-height: 0;
    display: flex;
    flex-direction: column;
  }
  [part~='new-pill'] {
    position: absolute;
    z-index: 1;
    top: 6px;
    left: 50%;
    transform: translateX(-50%);
    font: inherit;
    font-size: 0.875em;
    padding: 4px 12px;
    border: 0;
    border-radius: 999px;
    background: var(--_accent);
    color: var(--_accent-text);
    box-shadow: 0 2px 8px color-mix(in srgb, var(--_shadow) 20%, transparent);
    cursor: pointer;
  }
`;
