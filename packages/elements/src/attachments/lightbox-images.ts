import type { ChatClient } from '@chatdesk/client';
import type { Attachment, Message } from '@chatdesk/protocol';
import type { LightboxImage as Shown } from '../lightbox/lightbox.component.js';

/** What the lightbox shows of an image, with the file it is (the one activated opens it). */
export interface LightboxImage extends Shown {
  fileId: number;
}

/**
 * S-DLG-5: a conversation's images for the lightbox, in the thread's order, from the loaded
 * messages that are not deleted; Download asks the server for `attachment` (`&download=1`).
 */
type Url = (id: number, variant?: 'content' | 'thumb') => string | undefined;

export function lightboxImages(messages: readonly Message[], url: Url): LightboxImage[] {
  const files: Attachment[] = [];
  for (const m of messages) if (m.deletedAt === undefined) for (const f of m.attachments ?? []) if (f.kind === 'image') files.push(f);
  return files.map((f) => shown(f, url));
}

function shown(f: Attachment, url: Url): LightboxImage {
  const src = url(f.id) ?? '';
  const img: LightboxImage = { fileId: f.id, src, name: f.name, download: `${src}&download=1` };
  const thumb = url(f.id, 'thumb');
  if (thumb) img.thumb = thumb;
  if (f.width !== undefined && f.height !== undefined) {
    img.width = f.width;
    img.height = f.height;
  }
  return img;
}

/** Images `files.list` pages at most, newest first, for a thread whose older pages are not loaded. */
const MAX_LISTED = 500;

/**
 * Every image of a conversation (or an internal chat, `conversationId` its id), oldest first, as
 * the server lists them (`files.list`, S-DLG-7): the lightbox moves through all of them even when
 * the thread has loaded only its newest pages. Undefined when the listing fails.
 */
export async function allLightboxImages(client: ChatClient, conversationId: number, url: Url): Promise<LightboxImage[] | undefined> {
  const files: Attachment[] = [];
  let before: number | undefined;
  try {
    do {
      const page = await client.call('files.list', { conversationId, kind: 'image', limit: 100, ...(before ? { before } : {}) });
      files.push(...page.files.map((f) => f.file));
      before = page.hasMore ? page.files.at(-1)?.file.id : undefined;
    } while (before !== undefined && files.length < MAX_LISTED);
  } catch {
    return undefined;
  }
  return files.reverse().map((f) => shown(f, url));
}
