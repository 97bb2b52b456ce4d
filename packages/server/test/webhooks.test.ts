import assert from 'node:assert/strict';
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test, type TestContext } from 'node:test';
import { isPublicAddress, safePost } from '../src/channels/integration/safe-post.js';
import { newWebhookSecret, signWebhook, verifyWebhook, webhookHeaders } from '../src/channels/integration/standard-webhooks.js';

const NOW = 1_700_000_000_000;
const SECRET = newWebhookSecret();
const BODY = '{"type":"message.created","text":"Привет"}';

test('signWebhook reproduces the Standard Webhooks example vector, and verifyWebhook accepts it at its time', () => {
  const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
  const id = 'msg_p5jXN8AQM9LWM0D4loKWxJek';
  const body = '{"test": 2432232314}';
  const signature = signWebhook(secret, id, 1614265330, body);
  assert.equal(signature, 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=');
  const headers = { 'webhook-id': id, 'webhook-timestamp': '1614265330', 'webhook-signature': signature };
  assert.deepEqual(verifyWebhook(secret, headers, body, 1614265330_000), { ok: true, id, timestamp: 1614265330 });
});

test('sign then verify round trip: ok with id and timestamp, for a string or Buffer body and header names in any case', () => {
  const headers = webhookHeaders(SECRET, 'msg_1', BODY, NOW + 999);
  assert.deepEqual(Object.keys(headers).sort(), ['webhook-id', 'webhook-signature', 'webhook-timestamp']);
  assert.equal(headers['webhook-timestamp'], String(NOW / 1000), 'unix seconds, rounded down');
  assert.match(headers['webhook-signature']!, /^v1,[A-Za-z0-9+/]{43}=$/);
  const expected = { ok: true, id: 'msg_1', timestamp: NOW / 1000 };
  assert.deepEqual(verifyWebhook(SECRET, headers, BODY, NOW), expected);
  assert.deepEqual(verifyWebhook(SECRET, headers, Buffer.from(BODY), NOW), expected);
  const upper = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toUpperCase(), v]));
  assert.deepEqual(verifyWebhook(SECRET, upper, BODY, NOW), expected);
});

test('a tampered body, id or timestamp, or another secret, is bad-signature', () => {
  const headers = webhookHeaders(SECRET, 'msg_1', BODY, NOW);
  const bad = { ok: false, reason: 'bad-signature' };
  assert.deepEqual(verifyWebhook(SECRET, headers, BODY.replace('Привет', 'Пока'), NOW), bad);
  assert.deepEqual(verifyWebhook(SECRET, headers, `${BODY} `, NOW), bad);
  assert.deepEqual(verifyWebhook(SECRET, { ...headers, 'webhook-id': 'msg_2' }, BODY, NOW), bad);
  assert.deepEqual(verifyWebhook(SECRET, { ...headers, 'webhook-timestamp': String(NOW / 1000 + 1) }, BODY, NOW), bad);
  assert.deepEqual(verifyWebhook(newWebhookSecret(), headers, BODY, NOW), bad);
  assert.deepEqual(verifyWebhook(SECRET, { ...headers, 'webhook-signature': 'v1,AAAA' }, BODY, NOW), bad);
});

test('a timestamp 6 minutes old is expired and 6 minutes ahead is future; 4 minutes either way passes; junk is bad-timestamp', () => {
  const at = (offsetMs: number) => webhookHeaders(SECRET, 'msg_1', BODY, NOW + offsetMs);
  assert.deepEqual(verifyWebhook(SECRET, at(-6 * 60_000), BODY, NOW), { ok: false, reason: 'expired' });
  assert.deepEqual(verifyWebhook(SECRET, at(6 * 60_000), BODY, NOW), { ok: false, reason: 'future' });
  assert.equal(verifyWebhook(SECRET, at(-4 * 60_000), BODY, NOW).ok, true);
  assert.equal(verifyWebhook(SECRET, at(4 * 60_000), BODY, NOW).ok, true);
  assert.deepEqual(verifyWebhook(SECRET, at(-6 * 60_000), BODY, NOW, 600).ok, true, 'tolerance is a parameter');
  for (const stamp of ['abc', '1.5', '-1', '1e9', ' 1700000000', '99999999999999999999']) {
    const headers = { ...at(0), 'webhook-timestamp': stamp };
    assert.deepEqual(verifyWebhook(SECRET, headers, BODY, NOW), { ok: false, reason: 'bad-timestamp' }, stamp);
  }
});

test('a missing or empty webhook-id, webhook-timestamp or webhook-signature is missing-headers', () => {
  const headers = webhookHeaders(SECRET, 'msg_1', BODY, NOW);
  for (const name of Object.keys(headers)) {
    const without = { ...headers, [name]: undefined };
    assert.deepEqual(verifyWebhook(SECRET, without, BODY, NOW), { ok: false, reason: 'missing-headers' }, name);
    assert.deepEqual(verifyWebhook(SECRET, { ...headers, [name]: '' }, BODY, NOW), { ok: false, reason: 'missing-headers' }, name);
  }
  assert.deepEqual(verifyWebhook(SECRET, {}, BODY, NOW), { ok: false, reason: 'missing-headers' });
});

test('with several signatures one matching v1 is enough (secret rotation); v1a and junk entries are skipped', () => {
  const old = newWebhookSecret();
  const headers = webhookHeaders(SECRET, 'msg_1', BODY, NOW);
  const stale = signWebhook(old, 'msg_1', NOW / 1000, BODY);
  const several = { ...headers, 'webhook-signature': `${stale} v1a,xyz junk ${headers['webhook-signature']}` };
  assert.deepEqual(verifyWebhook(SECRET, several, BODY, NOW), { ok: true, id: 'msg_1', timestamp: NOW / 1000 });
  assert.equal(verifyWebhook(old, several, BODY, NOW).ok, true);
  const v2 = headers['webhook-signature']!.replace('v1,', 'v2,');
  assert.deepEqual(verifyWebhook(SECRET, { ...headers, 'webhook-signature': v2 }, BODY, NOW), { ok: false, reason: 'bad-signature' });
});

test('a malformed secret throws (our configuration error); newWebhookSecret makes distinct whsec_ secrets of 24 bytes', () => {
  const headers = webhookHeaders(SECRET, 'msg_1', BODY, NOW);
  for (const secret of ['', 'whsec_', 'MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', 'whsec_not base64!', 'whsec_abc']) {
    assert.throws(() => verifyWebhook(secret, headers, BODY, NOW), /whsec_/, secret);
    assert.throws(() => signWebhook(secret, 'msg_1', 1, BODY), /whsec_/, secret);
  }
  const a = newWebhookSecret();
  assert.match(a, /^whsec_[A-Za-z0-9+/]{32}$/);
  assert.equal(Buffer.from(a.slice(6), 'base64').length, 24);
  assert.notEqual(a, newWebhookSecret());
});

interface Received { method: string; url: string; headers: IncomingHttpHeaders; body: string }

/** A real server on 127.0.0.1, closed after the test; `handle` runs once the request body is read. */
async function serve(t: TestContext, handle: (req: IncomingMessage, res: ServerResponse) => void) {
  const received: Received[] = [];
  let openSockets = 0;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ method: req.method!, url: req.url!, headers: req.headers, body: Buffer.concat(chunks).toString() });
      handle(req, res);
    });
  });
  server.on('connection', (socket) => {
    openSockets++;
    socket.on('close', () => openSockets--);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => new Promise<void>((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  }));
  const port = (server.address() as AddressInfo).port;
  return { port, url: `http://127.0.0.1:${port}/hook`, received, openSockets: () => openSockets };
}

const reply = (status: number, body = '', headers: Record<string, string> = {}) =>
  (_req: IncomingMessage, res: ServerResponse) => res.writeHead(status, headers).end(body);

const LOCAL = { allowPrivate: true, timeoutMs: 2000 };
const GUARDED = { allowPrivate: false, timeoutMs: 2000 };

test('safePost delivers to a local server when private is allowed: body, content-type, length, user agent and signed headers arrive and verify', async (t) => {
  const server = await serve(t, reply(200, '{"accepted":true}'));
  const headers = webhookHeaders(SECRET, 'msg_42', BODY, Date.now());
  const outcome = await safePost(server.url, BODY, headers, LOCAL);
  assert.deepEqual(outcome, { ok: true, status: 200, body: '{"accepted":true}' });
  assert.equal(server.received.length, 1);
  const got = server.received[0]!;
  assert.equal(got.method, 'POST');
  assert.equal(got.url, '/hook');
  assert.equal(got.body, BODY);
  assert.equal(got.headers['content-type'], 'application/json');
  assert.equal(got.headers['content-length'], String(Buffer.byteLength(BODY)));
  assert.equal(got.headers['user-agent'], 'Chatdesk-Webhooks/1');
  assert.equal(got.headers.host, `127.0.0.1:${server.port}`);
  for (const [name, value] of Object.entries(headers)) assert.equal(got.headers[name], value, name);
  assert.equal(verifyWebhook(SECRET, got.headers, got.body, Date.now()).ok, true);
});

test('with allowPrivate false, 127.0.0.1, localhost, [::1] and the decimal and hex forms of 127.0.0.1 are refused without a request', async (t) => {
  const server = await serve(t, reply(200));
  const urls = [
    `http://127.0.0.1:${server.port}/`,
    `http://localhost:${server.port}/`,
    `http://[::1]:${server.port}/`,
    `http://[::ffff:127.0.0.1]:${server.port}/`,
    `http://2130706433:${server.port}/`,
    `http://0x7f.1:${server.port}/`,
    `http://0177.0.0.1:${server.port}/`,
  ];
  for (const url of urls) {
    const outcome = await safePost(url, BODY, {}, GUARDED);
    assert.equal(outcome.ok, false, url);
    assert.ok(!outcome.ok && !outcome.retry && /refused: .*non-public address (127\.0\.0\.1|::1|::ffff:7f00:1)$/.test(outcome.reason), `${url}: ${JSON.stringify(outcome)}`);
  }
  assert.equal(server.received.length, 0);
  // The odd forms really are loopback: allowed, they reach the server.
  assert.equal((await safePost(`http://2130706433:${server.port}/`, BODY, {}, LOCAL)).ok, true);
  assert.equal((await safePost(`http://0x7f.1:${server.port}/`, BODY, {}, LOCAL)).ok, true);
  assert.equal(server.received.length, 2);
});

test('a name resolving to a private, metadata or IPv4-mapped loopback address is refused, even when another answer is public', async () => {
  const cases: Array<[string, { address: string; family: 4 | 6 }[]]> = [
    ['10.0.0.5', [{ address: '10.0.0.5', family: 4 }]],
    ['169.254.169.254', [{ address: '169.254.169.254', family: 4 }]],
    ['::ffff:127.0.0.1', [{ address: '::ffff:127.0.0.1', family: 6 }]],
    ['fd00::1', [{ address: '8.8.8.8', family: 4 }, { address: 'fd00::1', family: 6 }]],
  ];
  for (const [bad, answers] of cases) {
    const outcome = await safePost('https://metadata.google.internal/hook', BODY, {}, { ...GUARDED, lookup: async () => answers });
    assert.deepEqual(outcome, { ok: false, retry: false, reason: `refused: metadata.google.internal is non-public address ${bad}` });
  }
});

test('the connection goes to the address checked, resolved once; Host keeps the name (no DNS rebinding window)', async (t) => {
  const server = await serve(t, reply(204));
  let calls = 0;
  const lookup = async (hostname: string) => {
    calls++;
    assert.equal(hostname, 'hooks.example.test');
    return [{ address: '127.0.0.1', family: 4 as const }];
  };
  const outcome = await safePost(`http://hooks.example.test:${server.port}/in`, BODY, {}, { ...LOCAL, lookup });
  assert.deepEqual(outcome, { ok: true, status: 204, body: '' });
  assert.equal(calls, 1);
  assert.equal(server.received[0]!.headers.host, `hooks.example.test:${server.port}`);
});

test('a 302 redirect is not followed: no retry, the status is reported and the second server gets nothing', async (t) => {
  const second = await serve(t, reply(200));
  const first = await serve(t, reply(302, '', { location: second.url }));
  const outcome = await safePost(first.url, BODY, {}, LOCAL);
  assert.equal(outcome.ok, false);
  assert.ok(!outcome.ok && outcome.status === 302 && !outcome.retry && outcome.reason.startsWith('redirect 302'), JSON.stringify(outcome));
  assert.ok(!outcome.ok && outcome.reason.includes(second.url));
  assert.equal(first.received.length, 1);
  assert.equal(second.received.length, 0);
});

/** Waits until the server side has seen every socket closed, or fails after `ms`. */
async function socketsClosed(server: { openSockets: () => number }, ms = 1000) {
  const until = Date.now() + ms;
  while (server.openSockets() > 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 10));
  assert.equal(server.openSockets(), 0, 'the client closed its socket');
}

test('a server that never answers times out with retry within about timeoutMs, and the socket is closed', async (t) => {
  const server = await serve(t, () => {});
  const started = Date.now();
  const outcome = await safePost(server.url, BODY, {}, { allowPrivate: true, timeoutMs: 300 });
  const elapsed = Date.now() - started;
  assert.deepEqual(outcome, { ok: false, retry: true, reason: 'timeout after 300 ms' });
  assert.ok(elapsed >= 290 && elapsed < 1000, `took ${elapsed} ms`);
  assert.equal(server.received.length, 1);
  await socketsClosed(server);
});

test('a server that sends headers and part of a body, then hangs, times out too', async (t) => {
  const server = await serve(t, (_req, res) => {
    res.writeHead(200, { 'content-length': '1000' });
    res.write('partial');
  });
  const started = Date.now();
  const outcome = await safePost(server.url, BODY, {}, { allowPrivate: true, timeoutMs: 300 });
  assert.deepEqual(outcome, { ok: false, retry: true, reason: 'timeout after 300 ms' });
  assert.ok(Date.now() - started < 1000);
  await socketsClosed(server);
});

test('statuses: 2xx ok; 408, 429 and 5xx retry; other 4xx do not', async (t) => {
  const expected: Array<[number, boolean]> = [[400, false], [401, false], [404, false], [410, false], [408, true], [429, true], [500, true], [502, true], [503, true]];
  let next = 0;
  const server = await serve(t, (_req, res) => res.writeHead(expected[next++]![0]).end('nope'));
  for (const [status, retry] of expected) {
    assert.deepEqual(await safePost(server.url, BODY, {}, LOCAL), { ok: false, retry, status, reason: `HTTP ${status}` });
  }
  const ok = await serve(t, reply(202, 'queued'));
  assert.deepEqual(await safePost(ok.url, BODY, {}, LOCAL), { ok: true, status: 202, body: 'queued' });
});

test('a 1 MB response body is cut at maxResponseBytes (64 KiB by default) without an error', async (t) => {
  const server = await serve(t, reply(200, 'x'.repeat(1024 * 1024)));
  const outcome = await safePost(server.url, BODY, {}, LOCAL);
  assert.ok(outcome.ok);
  assert.equal(outcome.body.length, 64 * 1024);
  const small = await safePost(server.url, BODY, {}, { ...LOCAL, maxResponseBytes: 10 });
  assert.deepEqual(small, { ok: true, status: 200, body: 'x'.repeat(10) });
  await socketsClosed(server);
});

test('a refused connection or a failed lookup retries; a bad scheme, credentials or an invalid URL do not', async () => {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  await new Promise((resolve) => server.close(resolve));
  const refused = await safePost(`http://127.0.0.1:${port}/`, BODY, {}, LOCAL);
  assert.ok(!refused.ok && refused.retry && refused.reason.includes('ECONNREFUSED'), JSON.stringify(refused));

  const notFound = Object.assign(new Error('getaddrinfo ENOTFOUND nowhere.test'), { code: 'ENOTFOUND' });
  const unresolved = await safePost('https://nowhere.test/', BODY, {}, { ...GUARDED, lookup: () => Promise.reject(notFound) });
  assert.deepEqual(unresolved, { ok: false, retry: true, reason: 'cannot resolve nowhere.test: getaddrinfo ENOTFOUND nowhere.test' });
  const empty = await safePost('https://nowhere.test/', BODY, {}, { ...GUARDED, lookup: async () => [] });
  assert.ok(!empty.ok && empty.retry);

  for (const [url, reason] of [
    ['ftp://example.com/', 'scheme ftp: not allowed'],
    ['file:///etc/passwd', 'scheme file: not allowed'],
    ['http://user:pass@example.com/', 'credentials in URL not allowed'],
    ['not a url', 'invalid URL'],
  ]) {
    assert.deepEqual(await safePost(url!, BODY, {}, LOCAL), { ok: false, retry: false, reason }, url);
  }
});

test('isPublicAddress: public IPv4 and IPv6 are true; private, loopback, link-local, CGNAT, reserved and IPv6 forms embedding them are false', () => {
  const table: Array<[string, boolean]> = [
    ['8.8.8.8', true], ['1.1.1.1', true], ['93.184.216.34', true], ['172.32.0.1', true], ['100.128.0.1', true],
    ['2001:4860:4860::8888', true], ['2606:4700:4700::1111', true], ['::ffff:8.8.8.8', true], ['2002:808:808::1', true],
    ['127.0.0.1', false], ['127.255.255.254', false], ['10.0.0.5', false], ['172.16.0.1', false], ['172.31.255.255', false],
    ['192.168.1.1', false], ['169.254.169.254', false], ['100.64.0.1', false], ['100.127.255.255', false],
    ['0.0.0.0', false], ['0.1.2.3', false], ['224.0.0.1', false], ['239.255.255.250', false], ['240.0.0.1', false],
    ['255.255.255.255', false], ['192.0.2.1', false], ['198.18.0.1', false],
    ['::', false], ['::1', false], ['fe80::1', false], ['fe80::1%eth0', false], ['febf::1', false], ['fc00::1', false],
    ['fd12:3456::1', false], ['ff02::1', false], ['::ffff:127.0.0.1', false], ['::ffff:7f00:1', false],
    ['::ffff:10.0.0.1', false], ['::ffff:169.254.169.254', false], ['::127.0.0.1', false], ['::ffff:0:127.0.0.1', false],
    ['64:ff9b::127.0.0.1', false], ['64:ff9b::a9fe:a9fe', false], ['64:ff9b:1::1', false], ['2002:7f00:1::', false],
    ['2002:a00:1::1', false], ['2001:db8::1', false], ['2001:0:4136:e378:8000:63bf:3fff:fdd2', false],
    ['localhost', false], ['', false], ['metadata.google.internal', false], ['127.1', false],
  ];
  for (const [address, expected] of table) assert.equal(isPublicAddress(address), expected, address);
});
