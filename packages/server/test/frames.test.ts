import assert from 'node:assert/strict';
import { test } from 'node:test';
import { closeCodes, limits } from '@chatdesk/protocol';
import { CallError, cmid, connect, startServer } from './helpers.js';

test('malformed JSON and unknown frame types get INVALID_FRAME without an id; the socket stays', async (t) => {
  const server = await startServer(t);
  const c = await connect(t, server, server.userToken({ id: 'anna' }));
  c.send('{not json');
  let f = await c.waitFor((x) => x.type === 'error');
  assert.equal((f.error as { code: string }).code, 'INVALID_FRAME');
  assert.equal('id' in f, false);
  c.send({ type: 'subscribe', topic: 'everything' });
  f = await c.waitFor((x) => x.type === 'error');
  assert.equal((f.error as { code: string }).code, 'INVALID_FRAME');
  c.ws.send(Buffer.from([1, 2, 3]), { binary: true });
  f = await c.waitFor((x) => x.type === 'error');
  assert.equal((f.error as { code: string }).code, 'INVALID_FRAME');
  // Still usable.
  assert.ok(await c.call('conversations.list', {}));
});

test('a call with a broken envelope but a usable id gets INVALID_FRAME with that id', async (t) => {
  const server = await startServer(t);
  const c = await connect(t, server, server.userToken({ id: 'anna' }));
  c.send({ type: 'call', id: 'abc', method: 42 });
  const f = await c.waitFor((x) => x.type === 'error');
  assert.equal(f.id, 'abc');
  assert.equal((f.error as { code: string }).code, 'INVALID_FRAME');
});

test('any JSON number or a string of at most 64 characters is a call id, echoed in the answer', async (t) => {
  const server = await startServer(t);
  const c = await connect(t, server, server.userToken({ id: 'anna' }));
  for (const id of [1.5, -1, 0, -0.25, 1e300, 2 ** 53 - 1, 'x'.repeat(limits.maxCallIdChars), 'ид-звонка']) {
    const f = await c.callRaw('conversations.list', {}, id);
    assert.equal(f.type, 'result', `id ${id}`);
    assert.equal(f.id, id);
  }
  // Read as a double: 2^53 + 1 comes back as 2^53 (the README says to use safe integers).
  c.send('{"type":"call","id":9007199254740993,"method":"conversations.list","params":{}}');
  assert.equal((await c.waitFor((x) => x.type === 'result' && x.id === 2 ** 53)).id, 2 ** 53);
});

test('a refused call id gets INVALID_FRAME that echoes what could be read of it: a long string cut to 64', async (t) => {
  const server = await startServer(t);
  const c = await connect(t, server, server.userToken({ id: 'anna' }));
  const long = `L-${'y'.repeat(200)}`;
  c.send({ type: 'call', id: long, method: 'conversations.list', params: {} });
  let f = await c.waitFor((x) => x.type === 'error');
  assert.equal(f.id, long.slice(0, limits.maxCallIdChars));
  assert.equal((f.error as { code: string }).code, 'INVALID_FRAME');
  assert.ok(JSON.stringify((f.error as { details: unknown }).details).includes('id'));
  // A cut never splits a surrogate pair: the echo stays well-formed.
  const emoji = `${'z'.repeat(limits.maxCallIdChars - 1)}😀tail`;
  c.send({ type: 'call', id: emoji, method: 'conversations.list', params: {} });
  f = await c.waitFor((x) => x.type === 'error');
  assert.equal(f.id, 'z'.repeat(limits.maxCallIdChars - 1));
  // The empty string is refused and echoed as such.
  c.send({ type: 'call', id: '', method: 'conversations.list', params: {} });
  f = await c.waitFor((x) => x.type === 'error');
  assert.equal(f.id, '');
  // A number too large for a double (read as Infinity) cannot be echoed; nor can null or objects.
  for (const raw of ['{"type":"call","id":1e999,"method":"conversations.list"}', '{"type":"call","id":null,"method":"conversations.list"}', '{"type":"call","id":{"n":1},"method":"conversations.list"}']) {
    c.send(raw);
    f = await c.waitFor((x) => x.type === 'error');
    assert.equal('id' in f, false, raw);
    assert.equal((f.error as { code: string }).code, 'INVALID_FRAME');
  }
  // A frame of an unknown type that carries an id gets it back too.
  c.send({ type: 'subscribe', id: 7 });
  f = await c.waitFor((x) => x.type === 'error');
  assert.equal(f.id, 7);
});

test('after 20 invalid frames the socket closes with 4000', async (t) => {
  const server = await startServer(t);
  const c = await connect(t, server, server.userToken({ id: 'anna' }));
  for (let i = 0; i < 25; i++) c.send('nope');
  assert.equal((await c.closed).code, closeCodes.PROTOCOL_VIOLATION.code);
});

test('a frame over 64 KiB closes the socket with 1009', async (t) => {
  const server = await startServer(t);
  const c = await connect(t, server, server.userToken({ id: 'anna' }));
  c.send({ type: 'call', id: 1, method: 'messages.send', params: { text: 'x'.repeat(limits.maxFrameBytes) } });
  assert.equal((await c.closed).code, closeCodes.FRAME_TOO_LARGE.code);
});

test('params that fail the method schema get INVALID_PARAMS with the call id and short issues', async (t) => {
  const server = await startServer(t);
  const c = await connect(t, server, server.userToken({ id: 'anna' }));
  const f = await c.callRaw('messages.send', { conversationId: -1, clientMessageId: 'bad id!', text: '' }, 'call-7');
  assert.equal(f.type, 'error');
  assert.equal(f.id, 'call-7');
  const error = f.error as { code: string; details: { nested: Record<string, string[]> } };
  assert.equal(error.code, 'INVALID_PARAMS');
  assert.deepEqual(Object.keys(error.details.nested).sort(), ['clientMessageId', 'conversationId', 'text']);
  assert.ok(JSON.stringify(error.details).length < 2000);
  // Params that are not even an object.
  const g = await c.callRaw('conversations.get', 'nope', 8);
  assert.equal((g.error as { code: string }).code, 'INVALID_PARAMS');
  assert.equal(g.id, 8);
});

test('an unknown method gets UNKNOWN_METHOD with the call id', async (t) => {
  const server = await startServer(t);
  const c = await connect(t, server, server.userToken({ id: 'anna' }));
  const f = await c.callRaw('conversations.explode', {}, 99);
  assert.equal(f.id, 99);
  assert.equal((f.error as { code: string }).code, 'UNKNOWN_METHOD');
});

test('the client ping frame gets pong', async (t) => {
  const server = await startServer(t);
  const c = await connect(t, server, server.userToken({ id: 'anna' }));
  c.send({ type: 'ping' });
  assert.equal((await c.waitFor((f) => f.type === 'pong')).type, 'pong');
});

test('rate limit: calls over the bucket get RATE_LIMITED with retryAfterMs; a sustained flood closes with 4029', async (t) => {
  const server = await startServer(t, { rateLimit: { perSecond: 10, burst: 5, closeAfterRejected: 30 } });
  const c = await connect(t, server, server.userToken({ id: 'anna' }));
  const replies = await Promise.all(Array.from({ length: 8 }, () => c.callRaw('conversations.list', {})));
  const codes = replies.map((f) => (f.type === 'error' ? (f.error as { code: string }).code : 'ok'));
  // A refusal says when a token is back: at 10 frames/s, within 100 ms.
  for (const f of replies.filter((x) => x.type === 'error')) {
    const retryAfterMs = (f.error as { details: { retryAfterMs: number } }).details.retryAfterMs;
    assert.ok(retryAfterMs > 0 && retryAfterMs <= 100, String(retryAfterMs));
  }
  // The hello took one token of the burst of 5; a little refill may add one more.
  const ok = codes.filter((x) => x === 'ok').length;
  assert.ok(ok >= 4 && ok <= 5, codes.join());
  assert.ok(codes.slice(ok).every((x) => x === 'RATE_LIMITED'), codes.join());
  for (let i = 0; i < 100; i++) c.send({ type: 'ping' });
  assert.equal((await c.closed).code, closeCodes.RATE_LIMITED.code);
});

test('a thrown non-ChatError answers INTERNAL and the server keeps serving', async (t) => {
  const server = await startServer(t);
  const c = await connect(t, server, server.userToken({ id: 'anna', rights: ['admin'] }));
  const conversations = server.app.chat.store.conversations;
  const original = conversations.list;
  conversations.list = async () => {
    throw new Error('boom');
  };
  t.after(() => {
    conversations.list = original;
  });
  await assert.rejects(c.call('conversations.list', {}), (e: CallError) => e.code === 'INTERNAL' && !/boom/.test(e.message));
  conversations.list = original;
  assert.deepEqual((await c.call('conversations.list', {})).conversations, []);
  // A manager cannot start a conversation (S-DLG-1): conversationId is required for users.
  await assert.rejects(
    c.call('messages.send', { clientMessageId: cmid(), text: 'hi' }),
    (e: CallError) => e.code === 'INVALID_PARAMS',
  );
});
