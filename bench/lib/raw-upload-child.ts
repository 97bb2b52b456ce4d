/**
 * The upload figure's raw baseline: Fastify with @fastify/multipart piping the one file part
 * straight to a file on disk, then 201 — the least a server can do to take a multipart upload
 * (no hashing, no type check, no fsync, no database row).
 */
import { randomBytes } from 'node:crypto';
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import Fastify from 'fastify';
import multipart from '@fastify/multipart';
import { commonHandlers, serveParent, startChild, type Child } from './proc.js';

export interface RawUploadInfo {
  url: string;
  pid: number;
}

export function startRawUploadServer(label: string): Promise<Child<RawUploadInfo>> {
  return startChild<RawUploadInfo>(fileURLToPath(import.meta.url), [], label);
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'chatdesk-bench-rawupload-'));
  const app = Fastify();
  await app.register(multipart, { limits: { fileSize: 20 * 1024 * 1024, files: 1 } });
  app.post('/upload', async (req, reply) => {
    const part = await req.file();
    if (!part) return reply.code(400).send();
    const path = join(dir, randomBytes(8).toString('hex'));
    await pipeline(part.file, createWriteStream(path));
    return reply.code(201).send({ size: part.file.bytesRead });
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  if (address === null || typeof address === 'string') throw new Error('no address');
  serveParent({ url: `http://127.0.0.1:${address.port}`, pid: process.pid } satisfies RawUploadInfo, commonHandlers, async () => {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();
