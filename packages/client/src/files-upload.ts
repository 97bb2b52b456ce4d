import { ChatError } from '@chatdesk/protocol/runtime';
import type { Attachment, ErrorCode } from '@chatdesk/protocol';
import type { UploadOptions } from './files.js';

/**
 * One upload to `POST /api/files` (files.ts): XMLHttpRequest where there is one (upload progress
 * and abort), fetch elsewhere (Node). Refusals become ChatErrors with the server's code.
 */
export function post(url: string, file: Blob, name: string, token: string, opts: UploadOptions): Promise<Attachment> {
  const form = new FormData();
  form.append('file', file, name);
  if (typeof XMLHttpRequest === 'undefined') return viaFetch(url, form, token, opts);
  return new Promise<Attachment>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', url);
    xhr.setRequestHeader('Authorization', `Bearer ${token}`);
    xhr.responseType = 'json';
    xhr.upload.onprogress = (e) => opts.onProgress?.(e.loaded, e.total);
    xhr.onload = () => settle(xhr.status, xhr.response, resolve, reject);
    xhr.onerror = () => reject(new ChatError('UNAVAILABLE', 'The upload did not reach the server.'));
    xhr.onabort = () => reject(new DOMException('The upload was cancelled.', 'AbortError'));
    if (opts.signal?.aborted) return xhr.abort();
    opts.signal?.addEventListener('abort', () => xhr.abort(), { once: true });
    xhr.send(form);
  });
}

async function viaFetch(url: string, form: FormData, token: string, opts: UploadOptions): Promise<Attachment> {
  let res: Response;
  try {
    res = await fetch(url, { method: 'POST', body: form, headers: { authorization: `Bearer ${token}` }, ...(opts.signal ? { signal: opts.signal } : {}) });
  } catch (err) {
    if ((err as Error).name === 'AbortError') throw err;
    throw new ChatError('UNAVAILABLE', 'The upload did not reach the server.');
  }
  const body = await res.json().catch(() => undefined);
  return new Promise((resolve, reject) => settle(res.status, body, resolve, reject));
}

function settle(status: number, body: unknown, resolve: (a: Attachment) => void, reject: (e: Error) => void): void {
  const b = body as { file?: Attachment; error?: { code: ErrorCode; message: string; details?: unknown } } | null;
  if (status === 201 && b?.file) return resolve(b.file);
  const e = b?.error;
  reject(e ? new ChatError(e.code, e.message, e.details) : new ChatError(status === 413 ? 'LIMIT_EXCEEDED' : 'UNAVAILABLE', `The upload failed (HTTP ${status}).`));
}
