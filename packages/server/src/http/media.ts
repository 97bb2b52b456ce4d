import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { limits, type FileKind } from '@chatdesk/protocol';
import { fileTypeFromFile } from 'file-type';
import sharp from 'sharp';
import type { BlobStore } from '../ports/blob-store.js';
import type { NewFileRow } from '../ports/storage.js';

/**
 * What an uploaded file is, decided from its bytes (S-DLG-9): never from its name or the
 * uploader's Content-Type. Images of the safe raster types are decoded and written anew — EXIF
 * orientation applied, every metadata block (GPS included) dropped, any bytes smuggled after the
 * picture (a PNG that is also a ZIP) gone — and get a thumbnail; a picture sharp refuses (broken,
 * or over `limits.maxImagePixels`: a decompression bomb) stays a plain file.
 */

/** Raster types browsers show inline and sharp writes; never SVG (scripts) nor anything else. */
const SAFE_IMAGES: Record<string, 'png' | 'jpeg' | 'gif' | 'webp'> = {
  'image/png': 'png',
  'image/jpeg': 'jpeg',
  'image/gif': 'gif',
  'image/webp': 'webp',
};

/** Sound containers a voice message comes in (Chromium's MediaRecorder writes WebM, Safari's MP4). */
const AUDIO: Record<string, string> = {
  'audio/ogg': 'audio/ogg',
  'audio/opus': 'audio/ogg',
  'audio/mpeg': 'audio/mpeg',
  'audio/wav': 'audio/wav',
  'audio/x-wav': 'audio/wav',
  'audio/vnd.wave': 'audio/wav',
  'audio/aac': 'audio/aac',
  'audio/x-m4a': 'audio/mp4',
  'audio/mp4': 'audio/mp4',
  'audio/webm': 'audio/webm',
  'video/webm': 'audio/webm',
  'audio/flac': 'audio/flac',
};

/**
 * The type a file is served with: what its bytes say, except types a browser would run or render
 * as a document (any XML, SVG, HTML, script or text type: file-type calls SVG and XHTML
 * `application/xml`), which are served as opaque bytes.
 */
function servable(mime: string | undefined): string {
  if (!mime || /xml|html|script|^text\//i.test(mime)) return 'application/octet-stream';
  return mime;
}

export interface Stored {
  path: string;
  size: number;
  sha256: string;
}

export interface Inspected {
  kind: FileKind;
  mime: string;
  /** The bytes to keep: the upload itself, or the image written anew. */
  content: Stored;
  width: number | null;
  height: number | null;
  thumb: (Stored & { width: number; height: number }) | null;
}

/** The file row an inspected file makes, under `name` (who holds it and when are the caller's). */
export function fileRowOf(found: Inspected, name: string): Omit<NewFileRow, 'owner_key' | 'created_at'> {
  return {
    blob_key: found.content.sha256,
    kind: found.kind,
    mime: found.mime,
    name,
    size: found.content.size,
    width: found.width,
    height: found.height,
    thumb_key: found.thumb?.sha256 ?? null,
    thumb_width: found.thumb?.width ?? null,
    thumb_height: found.thumb?.height ?? null,
  };
}

/** Keeps an inspected file's bytes, and its thumbnail's, in the blob store. */
export async function keepBlobs(blobs: BlobStore, found: Inspected): Promise<void> {
  await blobs.put(found.content.sha256, found.content.path, found.content.size);
  if (found.thumb) await blobs.put(found.thumb.sha256, found.thumb.path, found.thumb.size);
}

export async function hashFile(path: string): Promise<Stored> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return { path, size: (await stat(path)).size, sha256: hash.digest('hex') };
}

/** `upload` was hashed while it arrived; `scratch(name)` names a temp file the caller removes. */
export async function inspect(upload: Stored, scratch: (suffix: string) => string): Promise<Inspected> {
  const found = upload.size === 0 ? undefined : await fileTypeFromFile(upload.path);
  const mime = servable(found?.mime);
  const plain: Inspected = { kind: 'file', mime, content: upload, width: null, height: null, thumb: null };
  const audio = AUDIO[mime];
  if (audio) return { ...plain, kind: 'audio', mime: audio };
  const format = SAFE_IMAGES[mime];
  if (!format) return plain;
  try {
    return await image(upload, format, mime, scratch);
  } catch {
    // Not decodable within the limits: kept, but only ever downloaded.
    return plain;
  }
}

async function image(upload: Stored, format: 'png' | 'jpeg' | 'gif' | 'webp', mime: string, scratch: (suffix: string) => string): Promise<Inspected> {
  const opts = { limitInputPixels: limits.maxImagePixels, failOn: 'error' as const, animated: format === 'gif' || format === 'webp' };
  const clean = scratch('.img');
  const written = sharp(upload.path, opts).autoOrient();
  const info = await (format === 'jpeg' ? written.jpeg({ quality: 90, mozjpeg: true }) : format === 'png' ? written.png() : format === 'gif' ? written.gif() : written.webp({ quality: 90 })).toFile(clean);
  const thumbPath = scratch('.thumb');
  const t = await sharp(clean, { limitInputPixels: limits.maxImagePixels })
    .resize(limits.thumbMaxPx, limits.thumbMaxPx, { fit: 'inside', withoutEnlargement: true })
    .webp({ quality: 80 })
    .toFile(thumbPath);
  // An animation's pages are stacked in `height`: the picture is one page.
  const height = info.height / Math.max(1, (await sharp(clean, { animated: true }).metadata()).pages ?? 1);
  return {
    kind: 'image',
    mime,
    content: await hashFile(clean),
    width: info.width,
    height: Math.round(height),
    thumb: { ...(await hashFile(thumbPath)), width: t.width, height: t.height },
  };
}

/**
 * The name kept for a file (S-DLG-9): the last segment of whatever path it came with, without
 * control, bidi-override or other invisible format characters, NFC, at most
 * `limits.maxFileNameChars` code points with its extension kept; "file" when nothing is left.
 */
export function cleanFileName(raw: string | undefined): string {
  let name = (raw ?? '').normalize('NFC');
  name = name.split(/[/\\]/).pop() ?? '';
  name = name.replace(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu, '').replace(/\s+/gu, ' ').trim();
  name = name.replace(/^\.+/, '').trim();
  const chars = [...name];
  if (chars.length > limits.maxFileNameChars) {
    const dot = name.lastIndexOf('.');
    const ext = dot > 0 ? [...name.slice(dot)] : [];
    const keepExt = ext.length > 0 && ext.length <= 16 ? ext : [];
    name = chars.slice(0, limits.maxFileNameChars - keepExt.length).join('') + keepExt.join('');
  }
  return name.length > 0 ? name : 'file';
}
