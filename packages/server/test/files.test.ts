import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { test } from 'node:test';
import sharp from 'sharp';
import { limits } from '@chatdesk/protocol';
import { CallError, cmid, connect, startServer, visitorConversation, type TestClient, type TestServer } from './helpers.js';

/** Uploads through the real route as a browser would (multipart, the file token as Bearer). */
async function upload(server: TestServer, token: string, bytes: Uint8Array, name: string, type = 'application/octet-stream'): Promise<{ status: number; body: any }> {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(bytes)], { type }), name);
  const res = await fetch(`${server.url}/api/files`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form });
  return { status: res.status, body: await res.json() };
}

async function fileToken(c: TestClient): Promise<string> {
  return (await c.call('files.token', {})).token as string;
}

async function uploaded(server: TestServer, c: TestClient, bytes: Uint8Array, name: string): Promise<any> {
  const r = await upload(server, await fileToken(c), bytes, name);
  assert.equal(r.status, 201, JSON.stringify(r.body));
  return r.body.file;
}

const get = (server: TestServer, path: string, token: string, headers: Record<string, string> = {}) =>
  fetch(`${server.url}${path}${path.includes('?') ? '&' : '?'}t=${encodeURIComponent(token)}`, { headers });

/** A photo as phones write them: EXIF orientation 6 (turn right) and a GPS position. */
async function phonePhoto(): Promise<Buffer> {
  return sharp({ create: { width: 400, height: 200, channels: 3, background: { r: 200, g: 30, b: 30 } } })
    .jpeg()
    .withMetadata({ orientation: 6 })
    .withExifMerge({ IFD0: { Make: 'PhoneCo' }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '55/1 45/1 0/1' } })
    .toBuffer();
}

/** A staff member who sees the visitor's conversation (an admin), and the conversation. */
async function scene(t: Parameters<typeof startServer>[0], opts: Parameters<typeof startServer>[1] = {}) {
  const server = await startServer(t, opts);
  const conv = await visitorConversation(t, server, 'Здравствуйте, прикладываю фото');
  const admin = await connect(t, server, server.userToken({ id: 'ada', name: 'Ада', rights: ['chats', 'admin'] }));
  return { server, admin, ...conv };
}

test('S-DLG-9 S-DLG-5: a visitor sends a photo with no text; staff get it with its size and preview, turned upright, its location gone', async (t) => {
  const { server, admin, visitor, conversationId } = await scene(t);
  const file = await uploaded(server, visitor, await phonePhoto(), 'IMG_0001.jpg');
  assert.equal(file.kind, 'image');
  assert.equal(file.mime, 'image/jpeg');
  assert.deepEqual([file.width, file.height], [200, 400], 'EXIF orientation 6 applied: portrait');
  assert.ok(file.thumb && Math.max(file.thumb.width, file.thumb.height) <= limits.thumbMaxPx);
  const sent = await visitor.call('messages.send', { clientMessageId: cmid('v'), attachmentIds: [file.id] });
  assert.equal(sent.message.text, '');
  assert.deepEqual(sent.message.attachments, [file]);
  const seen = await admin.nextEvent('message.created');
  assert.deepEqual(seen.data.message.attachments, [file]);

  const token = await fileToken(admin);
  const res = await get(server, `/api/files/${file.id}`, token);
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('content-type'), 'image/jpeg');
  assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
  assert.match(res.headers.get('content-disposition') ?? '', /^inline; filename="IMG_0001.jpg"/);
  const meta = await sharp(Buffer.from(await res.arrayBuffer())).metadata();
  assert.deepEqual([meta.width, meta.height, meta.orientation, meta.exif], [200, 400, undefined, undefined], 'upright, no EXIF left');
  const thumb = await get(server, `/api/files/${file.id}/thumb`, token);
  assert.equal(thumb.headers.get('content-type'), 'image/webp');
  const tm = await sharp(Buffer.from(await thumb.arrayBuffer())).metadata();
  assert.deepEqual([tm.width, tm.height], [file.thumb.width, file.thumb.height]);
  const page = await admin.call('messages.list', { conversationId });
  assert.deepEqual(page.messages.at(-1).attachments, [file], 'the thread page carries the files');
});

test('S-DLG-9: the type comes from the bytes; a script named .png is downloaded as an opaque file, never inline', async (t) => {
  const { server, visitor } = await scene(t);
  const html = new TextEncoder().encode('<html><script>alert(document.cookie)</script></html>');
  const f = await uploaded(server, visitor, html, 'cat.png');
  assert.deepEqual([f.kind, f.mime, f.name], ['file', 'application/octet-stream', 'cat.png']);
  const pdf = await uploaded(server, visitor, new TextEncoder().encode('%PDF-1.4\n%âãÏÓ\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF'), '../../etc/счёт\u202Efdp.exe');
  assert.deepEqual([pdf.kind, pdf.mime, pdf.name], ['file', 'application/pdf', 'счётfdp.exe']);
  const token = await fileToken(visitor);
  const res = await get(server, `/api/files/${f.id}`, token);
  assert.equal(res.headers.get('content-type'), 'application/octet-stream');
  assert.match(res.headers.get('content-disposition') ?? '', /^attachment;/);
  assert.match(res.headers.get('content-security-policy') ?? '', /sandbox/);
  assert.equal((await get(server, `/api/files/${f.id}/thumb`, token)).status, 404, 'no preview of a non-image');
});

test('S-DLG-9: a file over 20 MB is refused while it streams and leaves nothing behind; exactly 20 MB is taken', async (t) => {
  const { server, visitor } = await scene(t);
  const token = await fileToken(visitor);
  const over = await upload(server, token, new Uint8Array(limits.maxSendBytes + 1), 'big.bin');
  assert.equal(over.status, 413);
  assert.equal(over.body.error.code, 'LIMIT_EXCEEDED');
  const exact = await upload(server, token, new Uint8Array(limits.maxSendBytes), 'exact.bin');
  assert.equal(exact.status, 201);
  assert.equal(exact.body.file.size, limits.maxSendBytes);
  const tmp = join(server.app.chat.config.filesDir ?? join(server.dbFile, '..', 'files'), 'tmp');
  assert.deepEqual(readdirSync(tmp), [], 'no partial upload left');
  // Two files that fit alone but not together.
  const half = await uploaded(server, visitor, new Uint8Array(limits.maxSendBytes / 2 + 1).fill(1), 'a.bin');
  const half2 = await uploaded(server, visitor, new Uint8Array(limits.maxSendBytes / 2 + 1).fill(2), 'b.bin');
  const e = await visitor.call('messages.send', { clientMessageId: cmid('v'), attachmentIds: [half.id, half2.id] }).catch((err: CallError) => err);
  assert.equal((e as CallError).code, 'LIMIT_EXCEEDED');
});

test('S-DLG-9: files are served only to who sees the message, never after it is deleted; unsent uploads only to their uploader', async (t) => {
  const { server, admin, visitor, conversationId } = await scene(t);
  const other = await visitorConversation(t, server, 'Чужой покупатель');
  const manager = await connect(t, server, server.userToken({ id: 'max', rights: ['chats'] }));
  await admin.call('conversations.assign', { conversationId, assigneeId: 'ada' });
  const f = await uploaded(server, visitor, new TextEncoder().encode('order list'), 'list.txt');
  // Before it is sent: the uploader alone, and nobody else can send it.
  assert.equal((await get(server, `/api/files/${f.id}`, await fileToken(admin))).status, 404);
  const stolen = await other.visitor.call('messages.send', { clientMessageId: cmid('o'), attachmentIds: [f.id] }).catch((e: CallError) => e);
  assert.equal((stolen as CallError).code, 'NOT_FOUND');
  const clientMessageId = cmid('v');
  const sent = await visitor.call('messages.send', { clientMessageId, text: 'Список', attachmentIds: [f.id] });
  // A resend is the same message (exactly once); the file cannot go out twice.
  assert.equal((await visitor.call('messages.send', { clientMessageId, text: 'Список', attachmentIds: [f.id] })).message.id, sent.message.id);
  const again = await visitor.call('messages.send', { clientMessageId: cmid('v'), attachmentIds: [f.id] }).catch((e: CallError) => e);
  assert.equal((again as CallError).code, 'CONFLICT');

  assert.equal((await get(server, `/api/files/${f.id}`, await fileToken(admin))).status, 200);
  assert.equal((await get(server, `/api/files/${f.id}`, await fileToken(manager))).status, 404, 'a manager it is not assigned to');
  assert.equal((await get(server, `/api/files/${f.id}`, await fileToken(other.visitor))).status, 404, 'another visitor');
  assert.equal((await fetch(`${server.url}/api/files/${f.id}`)).status, 401, 'no token');
  assert.equal((await get(server, `/api/files/${f.id}`, server.userToken({ id: 'ada', rights: ['admin'] }))).status, 401, 'a user token is not a file token');

  await visitor.call('messages.delete', { messageId: sent.message.id });
  assert.equal((await get(server, `/api/files/${f.id}`, await fileToken(admin))).status, 404, 'gone with its message');
  const page = await admin.call('messages.list', { conversationId });
  assert.equal(page.messages.at(-1).attachments, undefined);
});

test('S-DLG-5: a voice message is audio, served with byte ranges for seeking', async (t) => {
  const { server, visitor } = await scene(t);
  // A minimal WAV: RIFF header + 1 s of silence at 8 kHz, 8-bit mono.
  const data = new Uint8Array(8000).fill(128);
  const wav = Buffer.alloc(44 + data.length);
  wav.write('RIFF', 0); wav.writeUInt32LE(36 + data.length, 4); wav.write('WAVE', 8); wav.write('fmt ', 12);
  wav.writeUInt32LE(16, 16); wav.writeUInt16LE(1, 20); wav.writeUInt16LE(1, 22); wav.writeUInt32LE(8000, 24);
  wav.writeUInt32LE(8000, 28); wav.writeUInt16LE(1, 32); wav.writeUInt16LE(8, 34); wav.write('data', 36); wav.writeUInt32LE(data.length, 40);
  Buffer.from(data).copy(wav, 44);
  const f = await uploaded(server, visitor, wav, 'voice.wav');
  assert.deepEqual([f.kind, f.mime], ['audio', 'audio/wav']);
  await visitor.call('messages.send', { clientMessageId: cmid('v'), attachmentIds: [f.id] });
  const token = await fileToken(visitor);
  const part = await get(server, `/api/files/${f.id}`, token, { range: 'bytes=100-199' });
  assert.equal(part.status, 206);
  assert.equal(part.headers.get('content-range'), `bytes 100-199/${wav.length}`);
  assert.deepEqual(Buffer.from(await part.arrayBuffer()), wav.subarray(100, 200));
  assert.equal((await get(server, `/api/files/${f.id}`, token, { range: `bytes=${wav.length}-` })).status, 416);
});

test('S-DLG-7 S-DLG-14: "show attachments" lists images and other files apart, newest first; a file in an internal chat works the same way', async (t) => {
  const { server, admin, visitor, conversationId } = await scene(t);
  const png = await sharp({ create: { width: 30, height: 20, channels: 3, background: 'blue' } }).png().toBuffer();
  const img = await uploaded(server, visitor, png, 'a.png');
  const doc = await uploaded(server, visitor, new TextEncoder().encode('plain'), 'b.txt');
  const first = await visitor.call('messages.send', { clientMessageId: cmid('v'), text: 'Фото и список', attachmentIds: [img.id, doc.id] });
  const img2 = await uploaded(server, visitor, png, 'c.png');
  await visitor.call('messages.send', { clientMessageId: cmid('v'), attachmentIds: [img2.id] });
  const images = await admin.call('files.list', { conversationId, kind: 'image' });
  assert.deepEqual(images.files.map((x: any) => x.file.id), [img2.id, img.id]);
  assert.equal(images.files[1].messageId, first.message.id);
  const others = await visitor.call('files.list', { conversationId, kind: 'other' });
  assert.deepEqual(others.files.map((x: any) => x.file.name), ['b.txt']);

  const boris = await connect(t, server, server.userToken({ id: 'boris', rights: ['chats'] }));
  const { chat } = await admin.call('internal.create', { memberIds: ['boris'] });
  const f = await uploaded(server, admin, png, 'internal.png');
  const m = await admin.call('internal.send', { chatId: chat.id, clientMessageId: cmid('i'), attachmentIds: [f.id] });
  assert.deepEqual(m.message.attachments, [f]);
  assert.equal((await get(server, `/api/files/${f.id}`, await fileToken(boris))).status, 200, 'a member downloads it');
  assert.equal((await get(server, `/api/files/${f.id}`, await fileToken(visitor))).status, 404);
  assert.deepEqual((await boris.call('files.list', { conversationId: chat.id, kind: 'image' })).files.map((x: any) => x.file.id), [f.id]);
});

test('S-DLG-9: an upload that stalls halfway is cut off and leaves no partial file', async (t) => {
  const { server, visitor } = await scene(t, { uploadIdleMs: 300 });
  const token = await fileToken(visitor);
  const boundary = 'x-boundary';
  const head = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="slow.bin"\r\nContent-Type: application/octet-stream\r\n\r\n`;
  const closed = await new Promise<string>((resolve) => {
    const req = request(`${server.url}/api/files`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': `multipart/form-data; boundary=${boundary}`, 'content-length': String(1_000_000) },
    });
    req.on('response', (res) => resolve(`status ${res.statusCode}`));
    req.on('error', (e) => resolve(`error ${(e as NodeJS.ErrnoException).code}`));
    req.write(head);
    req.write(Buffer.alloc(64 * 1024, 7));
    // …and nothing more.
  });
  assert.match(closed, /error|status 4/);
  const tmp = join(server.dbFile, '..', 'files', 'tmp');
  for (let i = 0; i < 20 && readdirSync(tmp).length > 0; i++) await new Promise((r) => setTimeout(r, 50));
  assert.deepEqual(readdirSync(tmp), []);
});

test('S-DLG-9: the same bytes are stored once; unsent uploads expire with their blob, which stays while a sent file still names it', async (t) => {
  const { server, visitor } = await scene(t, { unsentFileTtlMs: 1 });
  const bytes = new TextEncoder().encode('same bytes twice');
  const a = await uploaded(server, visitor, bytes, 'a.txt');
  const b = await uploaded(server, visitor, bytes, 'b.txt');
  const only = await uploaded(server, visitor, new TextEncoder().encode('never sent'), 'c.txt');
  const { store, blobs } = server.app.chat;
  const [fa, fb, fc] = [await store.files.get(a.id), await store.files.get(b.id), await store.files.get(only.id)];
  assert.equal(fa?.blob_key, fb?.blob_key, 'one blob for both');
  await visitor.call('messages.send', { clientMessageId: cmid('v'), attachmentIds: [a.id] });
  await new Promise((r) => setTimeout(r, 5));
  assert.equal(await server.app.chat.pruneFiles(), 1, 'only the blob nobody names any more');
  assert.equal(await store.files.get(b.id), undefined);
  assert.equal(await blobs.has(fc!.blob_key), false);
  assert.equal(await blobs.has(fa!.blob_key), true, 'the sent file keeps the shared blob');
  assert.equal((await get(server, `/api/files/${a.id}`, await fileToken(visitor))).status, 200);
});

test('S-DLG-9: a sender holds at most 30 unsent uploads; the next is refused before it streams', async (t) => {
  const { server, visitor } = await scene(t);
  const token = await fileToken(visitor);
  for (let i = 0; i < limits.maxUnsentFiles; i++) assert.equal((await upload(server, token, new Uint8Array([i]), `${i}.bin`)).status, 201);
  const refused = await upload(server, token, new Uint8Array([1]), 'one-more.bin');
  assert.equal(refused.status, 413);
  assert.equal(refused.body.error.code, 'LIMIT_EXCEEDED');
  assert.equal(refused.body.error.details.unit, 'unsent files');
});

test('S-DLG-9 S-DLG-5: the demo\'s conversation with Пётр carries a photo (with its preview) and a PDF receipt, served to its manager', async (t) => {
  const server = await startServer(t, { demo: true });
  const boris = await connect(t, server, server.userToken({ id: 'boris', name: 'Борис Продавцов' }));
  const { conversations } = await boris.call('conversations.list', {});
  const petr = conversations.find((c: any) => c.customer.name === 'Пётр Сидоров');
  const page = await boris.call('messages.list', { conversationId: petr.id });
  const files = page.messages.at(-1).attachments as any[];
  assert.deepEqual(files.map((f) => [f.kind, f.mime, f.name]), [['image', 'image/jpeg', 'фото-товара.jpg'], ['file', 'application/pdf', 'чек-1024.pdf']]);
  const token = await fileToken(boris);
  const thumb = await get(server, `/api/files/${files[0].id}/thumb`, token);
  assert.equal(thumb.status, 200);
  assert.equal(thumb.headers.get('content-type'), 'image/webp');
  const receipt = await get(server, `/api/files/${files[1].id}`, token);
  assert.match(await receipt.text(), /^%PDF-1\.4/);
  const images = await boris.call('files.list', { conversationId: petr.id, kind: 'image' });
  assert.equal(images.files.length, 1);
});
