import { css, html, type TemplateResult } from 'lit';
import type { QuickReply } from '@chatdesk/protocol';
import { excerpt } from './quick-reply-match.js';

/*
 * A reply as a row of a list: the popover's (parts `reply…`) and the composer's `/` suggestions'
 * (parts `suggestion…`) draw it alike. The classes carry the looks, so the parts stay each list's own.
 */

export function replyRow(reply: QuickReply, part: 'reply' | 'suggestion'): TemplateResult {
  return html`<span part="${part}-command" class="qr-command">/${reply.command}</span>
    <span part="${part}-title" class="qr-title"><bdi>${reply.title}</bdi></span>
    <span part="${part}-text" class="qr-text"><bdi>${excerpt(reply.text)}</bdi></span>`;
}

/** The row element carries `qr-row`, and `qr-active` while the arrows are on it (prefixed: they join the composer's shadow root too). */
export const replyRowStyles = css`
  .qr-row {
    display: grid;
    grid-template-columns: auto 1fr;
    gap: 0 8px;
    cursor: pointer;
  }
  .qr-row.qr-active,
  .qr-row:hover {
    background: var(--chat-quick-replies-active-bg, var(--_surface-alt));
  }
  .qr-row.qr-active {
    box-shadow: inset 3px 0 0 var(--_accent);
  }
  .qr-command {
    font-weight: 600;
    color: var(--chat-quick-replies-command-color, var(--_accent));
  }
  .qr-title,
  .qr-text {
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  .qr-text {
    grid-column: 1 / -1;
    color: var(--_muted);
  }
`;
