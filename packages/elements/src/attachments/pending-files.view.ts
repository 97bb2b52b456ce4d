import { css, html, nothing } from 'lit';
import { limits } from '@chatdesk/protocol/runtime';
import type { TermsOf } from '../i18n/en.js';
import { closePath, icon } from '../lib/icons.js';
import { retryPath } from './file-icons.js';
import type { FileTerms } from './files.en.js';
import type { PendingFiles } from './pending-files.js';

type Terms = TermsOf<FileTerms>;

/**
 * The files of the message being written, as a list above the field (the composer's and the
 * consultant's): each with its name, size, a progress bar while it uploads, Remove, and Retry
 * with the reason when it failed; a refused choice says why in an alert.
 */
export function renderPending(files: PendingFiles, t: Terms | undefined) {
  if (!t || (files.items.length === 0 && !files.notice)) return nothing;
  const notice = files.notice;
  return html`
    ${files.items.length
      ? html`<ul part="attachments" aria-label=${t.attachments}>
          ${files.items.map(
            (p) => html`<li part="attachment" data-state=${p.state}>
              <span part="attachment-name"><bdi>${p.name}</bdi></span>
              <span part="attachment-size">${t.bytes(p.size)}</span>
              ${p.state === 'uploading'
                ? html`<span
                    part="attachment-progress"
                    role="progressbar"
                    aria-label=${t.uploading(p.name)}
                    aria-valuemin="0"
                    aria-valuemax="100"
                    aria-valuenow=${Math.round(p.progress * 100)}
                    .style=${/* the CSSOM, not an attribute: a strict CSP refuses those */ `--_progress: ${Math.round(p.progress * 100)}%`}
                  ></span>`
                : p.state === 'failed'
                  ? html`<span part="attachment-error" title=${p.error?.detail || nothing}>${t.refused(p.error?.code ?? '')}</span>
                      <button part="attachment-retry" type="button" aria-label=${t.retry(p.name)} title=${t.retry(p.name)} @click=${() => files.retry(p.key)}>
                        ${icon(retryPath)}
                      </button>`
                  : html`<span class="visually-hidden">${t.uploaded}</span>`}
              <button part="attachment-remove" type="button" aria-label=${t.remove(p.name)} title=${t.remove(p.name)} @click=${() => files.remove(p.key)}>
                ${icon(closePath)}
              </button>
            </li>`,
          )}
        </ul>`
      : nothing}
    ${notice
      ? html`<div part="attachment-notice" role="alert">
          ${notice.kind === 'tooLarge'
            ? t.tooLarge(t.bytes(notice.total), t.bytes(limits.maxSendBytes))
            : notice.kind === 'fileTooLarge'
              ? t.fileTooLarge(notice.name, t.bytes(notice.max))
              : notice.kind === 'kindRefused'
                ? t.kindRefused(notice.name, notice.fileKind)
                : t.tooMany(limits.maxAttachments)}
        </div>`
      : nothing}
  `;
}

export const pendingStyles = css`
  [part~='attachments'] {
    grid-area: files;
    list-style: none;
    margin: 0 0 6px;
    padding: 0;
    display: flex;
    flex-wrap: wrap;
    gap: 6px;
  }
  [part~='attachment'] {
    display: inline-flex;
    align-items: center;
    gap: 6px;
    max-width: 100%;
    padding: 2px 2px 2px 8px;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_surface-alt);
    font-size: 0.8125em;
  }
  [part~='attachment'][data-state='failed'] {
    border-color: var(--_danger);
  }
  [part~='attachment-name'] {
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
    max-width: 14em;
  }
  [part~='attachment-size'],
  [part~='attachment-error'] {
    color: var(--_muted);
    white-space: nowrap;
  }
  [part~='attachment-progress'] {
    width: 4em;
    height: 4px;
    border-radius: 2px;
    background: linear-gradient(to right, var(--_accent) var(--_progress, 0%), var(--_border) var(--_progress, 0%));
  }
  [part~='attachment-remove'],
  [part~='attachment-retry'] {
    display: inline-grid;
    place-items: center;
    padding: 4px;
    border: 0;
    border-radius: 4px;
    background: none;
    color: inherit;
    cursor: pointer;
    font: inherit;
  }
  [part~='attachment-remove']:focus-visible,
  [part~='attachment-retry']:focus-visible {
    outline: 2px solid var(--_accent);
  }
  [part~='attachment-notice'] {
    grid-area: notice;
    color: var(--_danger);
    font-size: 0.8125em;
    margin-bottom: 6px;
  }
`;
