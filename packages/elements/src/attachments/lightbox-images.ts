import type { Message } from '@chatdesk/protocol';
import type { LightboxImage as Shown } from '../lightbox/lightbox.component.js';

/** What the lightbox shows of an image, with the file it is (the one activated opens it). */
export interface LightboxImage extends Shown {
  fileId: number;
}

/**
 * S-DLG-5: a conversation's images for the lightbox, in the thread's order, from the loaded
 * messages that are not deleted; Download asks the server for `attachment` (`&download=1`).
 */
export function lightboxImages(messages: readonly Message[], url: (id: number, variant?: 'content' | 'thumb') => string | undefined): LightboxImage[] {
  const images: LightboxImage[] = [];
  for (const m of messages) {
    if (m.deletedAt !== undefined) continue;
    for (const f of m.attachments ?? []) {
      if (f.kind !== 'image') continue;
      const src = url(f.id) ?? '';
      const img: LightboxImage = { fileId: f.id, src, name: f.name, download: `${src}&download=1` };
      const thumb = url(f.id, 'thumb');
      if (thumb) img.thumb = thumb;
      if (f.width !== undefined && f.height !== undefined) {
        img.width = f.width;
        img.height = f.height;
      }
      images.push(img);
    }
  }
  return images;
}
