import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createHash } from 'node:crypto';
import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import * as v from 'valibot';
import { ChatError, integrationApi, limits } from '@chatdesk/protocol';
import { bearerToken } from '../auth/module-token.js';
import { fileForModule, moduleUploader } from '../services/integrations.js';
import type { FileTokens } from '../auth/file-token.js';
import type { BlobStore } from '../ports/blob-store.js';
import type { FileRow } from '../ports/storage.js';
import type { Actor } from '../services/context.js';
import { fileForReader, registerUpload, requireUploadRoom } from '../services/files.js';
import { cleanFileName, fileRowOf, inspect, keepBlobs, type Stored } from './media.js';

/**
 * The file routes (S-DLG-9): `POST /api/files` takes one file as multipart, streamed to a temp
 * file while it is hashed and counted (never whole in memory; refused with 413 the moment it
 * passes `limits.maxSendBytes`), inspected (http/media.ts), put in the blob store and recorded
 * as the uploader's unsent file. `GET /api/files/:id` and `/thumb` serve a file to whoever may
 * see its message, with the headers that keep a hostile file inert.
 */
export interface FileRoutesOptions {
  blobs: BlobStore;
  /** Where uploads are written while they arrive. */
  tmpDir: string;
  tokens: FileTokens;
  /** An upload that sends nothing for this long is cut off. */
  idleMs: number;
}

/** Multipart framing around one file: boundaries and part headers are far below this. */
const MULTIPART_OVERHEAD = 64 * 1024;
const ID = /^[1-9][0-9]{0,15}$/;

export function registerFileRoutes(app: FastifyInstance, opts: FileRoutesOptions): void {
  const { blobs, tmpDir, tokens, idleMs } = opts;
  const actorOf = (req: FastifyRequest): Actor => {
    const header = req.headers.authorization;
    const query = (req.query as Record<string, unknown> | undefined)?.['t'];
    const token = header?.startsWith('Bearer ') ? header.slice(7) : typeof query === 'string' ? query : undefined;
    const actor = token === undefined ? null : tokens.verify(token, app.chat.clock.now());
    if (!actor) throw new ChatError('UNAUTHENTICATED', 'A file token (`files.token`) is missing, forged or expired.');
    return actor;
  };

  app.register(async (scope) => {
    await scope.register(multipart, {
      limits: { fileSize: limits.maxSendBytes, files: 1, fields: 0, parts: 1, headerPairs: 20, fieldNameSize: 100 },
    });
    // S-CH-2: a messenger module's upload, for one customer of one of its channels (the token
    // alone: the bytes are not signed; the signed message that names the file sends it).
    scope.post('/api/v1/files', async (req, reply) => {
      const q = v.safeParse(integrationApi.UploadQuery, req.query ?? {});
      if (!q.success) throw new ChatError('INVALID_PARAMS', 'The query names no channel and customer.', v.flatten(q.issues));
      const actor = await app.chat.uow.system((ctx) => moduleUploader(ctx, bearerToken(req.headers.authorization), q.output.channel, q.output.customer));
      return upload(req, reply, actor);
    });
    scope.post('/api/files', async (req, reply) => upload(req, reply, actorOf(req)));
    const upload = async (req: FastifyRequest, reply: FastifyReply, actor: Actor) => {
      const declared = Number(req.headers['content-length'] ?? 0);
      if (declared > limits.maxSendBytes + MULTIPART_OVERHEAD) throw tooLarge();
      await app.chat.uow.actAs(actor, requireUploadRoom, 'read');
      // From here on a request that sends nothing for `idleMs` (before its file part, or in it) is cut off.
      const idle = idleCutOff(req, idleMs);
      try {
        return await receiveAndStore(req, reply, actor);
      } finally {
        idle.stop();
      }
    };
  });

  const receiveAndStore = async (req: FastifyRequest, reply: FastifyReply, actor: Actor) => {
    const part = await req.file().catch(multipartError);
    if (!part) throw new ChatError('INVALID_PARAMS', 'The request holds no file part.');
    await mkdir(tmpDir, { recursive: true });
    const scratch: string[] = [];
    const tmp = (suffix = '') => {
      const path = join(tmpDir, `${randomBytes(12).toString('hex')}${suffix}`);
      scratch.push(path);
      return path;
    };
    let file;
    try {
      const upload = await receive(part.file, tmp());
      if (part.file.truncated) throw tooLarge();
      const found = await inspect(upload, tmp);
      const name = cleanFileName(part.filename);
      // The row first, in the action's turn (with the quota checked again), then the bytes: the
      // prune job deletes a blob only when no row names it, inside its own turn, so it cannot
      // take bytes this upload relies on. A put that fails leaves a row nobody was told of; the
      // prune job removes it with the unsent.
      file = await app.chat.uow.actAs(actor, async (ctx) => {
        await requireUploadRoom(ctx);
        return registerUpload(ctx, fileRowOf(found, name));
      });
      await keepBlobs(blobs, found);
    } finally {
      await Promise.all(scratch.map((p) => rm(p, { force: true })));
    }
    // Answered once nothing of it is left in the temp folder.
    return reply.code(201).send({ file });
  };

  const serve = (variant: 'content' | 'thumb') => async (req: FastifyRequest, reply: FastifyReply) => {
    const actor = actorOf(req);
    const raw = (req.params as { id: string }).id;
    if (!ID.test(raw)) throw new ChatError('NOT_FOUND', 'No such file.');
    const f = await app.chat.uow.actAs(actor, (ctx) => fileForReader(ctx, Number(raw)), 'read');
    return variant === 'thumb' ? sendThumb(f, req, reply, blobs) : sendContent(f, req, reply, blobs);
  };
  app.get('/api/files/:id', serve('content'));
  // S-CH-2: a module fetches the files its webhooks name (and its customers' own) with its token.
  app.get('/api/v1/files/:id', async (req, reply) => {
    const raw = (req.params as { id: string }).id;
    const token = bearerToken(req.headers.authorization);
    const f = await app.chat.uow.system((ctx) => fileForModule(ctx, token, ID.test(raw) ? Number(raw) : 0), 'read');
    return sendContent(f, req, reply, blobs);
  });
  app.get('/api/files/:id/thumb', serve('thumb'));
}

/**
 * Cuts the request's connection when no byte of its body arrives for `idleMs`: a stalled upload
 * (before its file part or inside it) would otherwise hold a socket and a temp file forever.
 */
function idleCutOff(req: FastifyRequest, idleMs: number): { stop(): void } {
  const cut = () => req.raw.destroy();
  let timer = setTimeout(cut, idleMs);
  const onData = () => {
    clearTimeout(timer);
    timer = setTimeout(cut, idleMs);
  };
  const stop = () => {
    clearTimeout(timer);
    req.raw.off('data', onData);
  };
  req.raw.on('data', onData);
  // Once the body is in, the work on it (an image's re-encoding) may take its time.
  req.raw.once('end', stop);
  return { stop };
}

/** Streams the part to `path`, hashing and counting as it comes. */
async function receive(file: NodeJS.ReadableStream & { truncated?: boolean }, path: string): Promise<Stored> {
  const hash = createHash('sha256');
  let size = 0;
  const tap = new Transform({
    transform(chunk: Buffer, _enc, done) {
      hash.update(chunk);
      size += chunk.length;
      done(null, chunk);
    },
  });
  const out = createWriteStream(path);
  try {
    await pipeline(file, tap, out);
  } catch (err) {
    // The file may still be opening: let it close, so the caller's removal finds it.
    if (!out.closed) await new Promise<void>((resolve) => out.once('close', () => resolve()));
    multipartError(err);
  }
  return { path, size, sha256: hash.digest('hex') };
}

function tooLarge(): ChatError {
  return new ChatError('LIMIT_EXCEEDED', `A file may be at most ${limits.maxSendBytes} bytes (S-DLG-9).`, { limit: limits.maxSendBytes, unit: 'bytes' });
}

/**
 * A refusal of the body in the protocol's codes: @fastify/multipart's (`FST_…`) and the parser's
 * own (busboy's errors carry no code: a missing boundary, a body that ends mid-part). A system
 * error (`E…`: the disk) stays what it is.
 */
function multipartError(err: unknown): never {
  const code = (err as { code?: string }).code;
  if (code === 'FST_REQ_FILE_TOO_LARGE') throw tooLarge();
  if (err instanceof ChatError || (typeof code === 'string' && /^E[A-Z]/.test(code))) throw err;
  throw new ChatError('INVALID_PARAMS', `The multipart body cannot be read: ${(err as Error)?.message ?? 'malformed'}.`);
}

/** Images the server wrote itself (http/media.ts) are shown inline; everything else is downloaded. */
function disposition(f: FileRow, inline: boolean): string {
  const ascii = f.name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `${inline ? 'inline' : 'attachment'}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(f.name)}`;
}

function commonHeaders(reply: FastifyReply, etag: string): void {
  reply
    .header('X-Content-Type-Options', 'nosniff')
    // Opened as a page by itself, a file can run nothing and reach nothing.
    .header('Content-Security-Policy', "default-src 'none'; img-src 'self'; media-src 'self'; sandbox")
    // The shop's pages and the CRM embed these from another origin.
    .header('Cross-Origin-Resource-Policy', 'cross-origin')
    // Access is checked on every request (a reassigned conversation): no shared caches.
    .header('Cache-Control', 'private, max-age=3600')
    .header('ETag', `"${etag}"`);
}

async function sendThumb(f: FileRow, req: FastifyRequest, reply: FastifyReply, blobs: BlobStore) {
  if (f.thumb_key === null) throw new ChatError('NOT_FOUND', 'This file has no thumbnail.');
  commonHeaders(reply, f.thumb_key);
  if (req.headers['if-none-match'] === `"${f.thumb_key}"`) return reply.code(304).send();
  const body = await blobs.read(f.thumb_key);
  if (!body) throw new ChatError('NOT_FOUND', 'No such file.');
  return reply.header('Content-Type', 'image/webp').header('Content-Disposition', disposition({ ...f, name: `${f.name}.webp` }, true)).send(body);
}

async function sendContent(f: FileRow, req: FastifyRequest, reply: FastifyReply, blobs: BlobStore) {
  commonHeaders(reply, f.blob_key);
  // `?download=1`: save even an image (a lightbox's Download; the `download` attribute does nothing across origins).
  const save = (req.query as Record<string, unknown> | undefined)?.['download'] === '1';
  reply.header('Accept-Ranges', 'bytes').header('Content-Type', f.mime).header('Content-Disposition', disposition(f, f.kind === 'image' && !save));
  if (req.headers['if-none-match'] === `"${f.blob_key}"`) return reply.code(304).send();
  const range = parseRange(req.headers.range, f.size);
  if (range === 'unsatisfiable') return reply.code(416).header('Content-Range', `bytes */${f.size}`).send();
  const body = await blobs.read(f.blob_key, range ?? undefined);
  if (!body) throw new ChatError('NOT_FOUND', 'No such file.');
  if (range) {
    reply.code(206).header('Content-Range', `bytes ${range.start}-${range.end}/${f.size}`).header('Content-Length', String(range.end - range.start + 1));
  } else reply.header('Content-Length', String(f.size));
  return reply.send(body);
}

/** One `bytes=` range (audio seeking); several ranges, or a malformed header, serve the whole. */
export function parseRange(header: string | undefined, size: number): { start: number; end: number } | null | 'unsatisfiable' {
  if (header === undefined) return null;
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m || (m[1] === '' && m[2] === '')) return null;
  if (size === 0) return 'unsatisfiable';
  let start: number;
  let end: number;
  if (m[1] === '') {
    // The last N bytes.
    start = Math.max(0, size - Number(m[2]));
    end = size - 1;
  } else {
    start = Number(m[1]);
    end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
  }
  if (start >= size || start > end) return 'unsatisfiable';
  return { start, end };
}
