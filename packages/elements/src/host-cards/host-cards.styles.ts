import { css } from 'lit';

export default css`
  :host {
    display: block;
    font: var(--chat-font, inherit);
    color: var(--_text);
  }
  [part~='list'] {
    list-style: none;
    margin: 0;
    padding: 0;
    display: grid;
    gap: var(--chat-card-gap, 4px);
  }
  [part~='item'],
  [part~='channel'] {
    font: inherit;
    color: inherit;
    text-align: start;
    background: var(--chat-card-item-bg, var(--_surface));
    border: 1px solid var(--_border);
    border-radius: calc(var(--_radius) / 2);
    padding: 6px 10px;
    cursor: pointer;
  }
  [part~='item'] {
    width: 100%;
    display: flex;
    flex-wrap: wrap;
    align-items: baseline;
    gap: 4px 12px;
  }
  [part~='item']:hover,
  [part~='channel']:hover {
    background: var(--chat-card-item-hover-bg, var(--_surface-alt));
  }
  [part~='item']:focus-visible,
  [part~='channel']:focus-visible {
    outline: var(--_focus);
    outline-offset: 1px;
  }
  [part~='status'][data-status='open'] {
    color: var(--chat-card-open-color, var(--_success));
  }
  [part~='date'],
  [part~='count'],
  [part~='hint'] {
    color: var(--_muted);
  }
  [part~='channels'] {
    display: flex;
    flex-wrap: wrap;
    gap: 6px;
    list-style: none;
    margin: 0;
    padding: 0;
  }
  [part~='heading'] {
    font-size: 0.875em;
    font-weight: 600;
    margin: 8px 0 4px;
  }
  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
  }
`;
