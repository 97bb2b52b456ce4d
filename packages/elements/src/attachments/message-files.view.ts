import { css, html, nothing } from 'lit';
import type { Attachment } from '@chatdesk/protocol';
import type { TermsOf } from '../i18n/en.js';
import { icon } from '../lib/icons.js';
import { exportparts } from '../lib/parts.js';
import { filePath } from './file-icons.js';
import type { FileTerms } from './files.en.js';

type Url = ((id: number, variant?: 'content' | 'thumb') => string | undefined) | undefined;

export interface ChatImageOpenDetail {
  messageId: number;
  fileId: number;
}

/** The player is its own chunk, fetched when a voice message is first shown. */
let playerLoading: Promise<unknown> | undefined;

/**
 * A message's files (S-DLG-5): images as previews in boxes sized from the server's dimensions
 * before they load (no jump in the virtualized thread), opening the lightbox (`onOpen`);
 * voice as `<chat-audio-player>`; anything else as a card with name, size and type that downloads.
 */
export function renderAttachments(files: readonly Attachment[], url: Url, t: TermsOf<FileTerms> | undefined, tabindex: number | typeof nothing, onOpen: (fileId: number) => void) {
  const images = files.filter((f) => f.kind === 'image');
  const audio = files.filter((f) => f.kind === 'audio');
  const others = files.filter((f) => f.kind === 'file');
  if (audio.length) playerLoading ??= import('../audio-player/audio-player.js');
  return html`
    ${images.length
      ? html`<div part="images">
          ${images.map((f) => {
            const box = f.thumb ?? { width: 160, height: 120 };
            const src = url?.(f.id, 'thumb');
            // `.style` (the CSSOM), not a style attribute, which a page's CSP without 'unsafe-inline' refuses.
            return html`<button
              part="image"
              type="button"
              tabindex=${tabindex}
              aria-label=${t ? t.openImage(f.name) : f.name}
              .style=${`aspect-ratio: ${box.width} / ${box.height}; width: ${box.width}px`}
              @click=${() => onOpen(f.id)}
            >
              ${src ? html`<img part="thumbnail" src=${src} alt="" width=${box.width} height=${box.height} loading="lazy" decoding="async" />` : nothing}
            </button>`;
          })}
        </div>`
      : nothing}
    ${audio.map(
      (f) => html`<chat-audio-player part="audio" exportparts=${exportparts('chat-audio-player')} .src=${url?.(f.id) ?? ''} .name=${f.name}></chat-audio-player>`,
    )}
    ${others.map((f) => {
      const href = url?.(f.id);
      // The name says all the card shows (size and type too): a voice-control user says what they see.
      const meta = `${t ? t.bytes(f.size) : ''} · ${typeLabel(f)}`;
      return html`<a
        part="file"
        href=${href ?? nothing}
        download=${f.name}
        tabindex=${tabindex}
        aria-label=${t ? `${t.download(f.name)}, ${meta}` : nothing}
        aria-disabled=${href ? nothing : 'true'}
      >
        ${icon(filePath)}
        <span part="file-name"><bdi>${f.name}</bdi></span>
        <span part="file-meta">${meta}</span>
      </a>`;
    })}
  `;
}

/** A short type word for a card: the extension of the detected type ("PDF"), else of the name. */
function typeLabel(f: Attachment): string {
  const sub = f.mime === 'application/octet-stream' ? '' : (f.mime.split('/')[1] ?? '');
  const fromMime = sub.replace(/^x-/, '').split(/[.+;-]/)[0] ?? '';
  const fromName = /\.([A-Za-z0-9]{1,8})$/.exec(f.name)?.[1] ?? '';
  return (fromMime.length > 0 && fromMime.length <= 5 ? fromMime : fromName || 'file').toUpperCase();
}

export const messageFilesStyles = css`
  [part~='images'] {
    display: flex;
    flex-wrap: wrap;
    gap: 4px;
    margin-top: 4px;
  }
  /* A definite width (the thumbnail's), narrowed by max-width: the bubble sizes to it whether or
     not the picture is there yet, so nothing moves when it arrives. */
  [part~='image'] {
    display: block;
    max-width: 100%;
    padding: 0;
    border: 0;
    border-radius: var(--_radius);
    overflow: hidden;
    background: var(--_surface-alt);
    cursor: zoom-in;
  }
  [part~='image']:focus-visible {
    outline: 2px solid var(--_accent);
    outline-offset: 2px;
  }
  [part~='thumbnail'] {
    display: block;
    width: 100%;
    height: 100%;
    object-fit: cover;
  }
  [part~='audio'] {
    display: block;
    margin-top: 4px;
  }
  /* On the accent background of one's own messages the player's accent would vanish. */
  :host([outgoing]) [part~='audio'],
  [part~='outgoing'] [part~='audio'] {
    --chat-audio-accent: var(--chat-message-outgoing-text, var(--_accent-text));
    --chat-audio-accent-text: var(--_accent);
  }
  [part~='file'] {
    display: grid;
    grid-template-columns: auto 1fr;
    grid-template-areas: 'icon name' 'icon meta';
    column-gap: 8px;
    align-items: center;
    margin-top: 4px;
    padding: 6px 10px;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_surface);
    color: inherit;
    text-decoration: none;
    max-width: 100%;
  }
  [part~='file'] > svg {
    grid-area: icon;
    font-size: 1.5em;
    color: var(--_muted);
  }
  [part~='file-name'] {
    grid-area: name;
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  [part~='file-meta'] {
    grid-area: meta;
    font-size: 0.8125em;
    color: var(--_muted);
  }
  [part~='file']:focus-visible {
    outline: 2px solid var(--_accent);
  }
`;

declare global {
  interface GlobalEventHandlersEventMap {
    'chat-image-open': CustomEvent<ChatImageOpenDetail>;
  }
}
