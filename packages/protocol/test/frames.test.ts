import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as v from 'valibot';
import { ClientFrame, ServerFrame, methods, events, countMessageChars, echoCallId, isMethodName, limits, quotePreview } from '../src/index.js';

const ok = (schema: v.GenericSchema, value: unknown) => v.safeParse(schema, value).success;

test('echoCallId: numbers as read, strings cut to 64 code units without splitting a pair, nothing else', () => {
  const max = limits.maxCallIdChars;
  const table: Array<[unknown, unknown]> = [
    [7, 7],
    [-1, -1],
    [1.5, 1.5],
    [Number.POSITIVE_INFINITY, undefined],
    ['abc', 'abc'],
    ['', ''],
    ['a'.repeat(max + 10), 'a'.repeat(max)],
    ['a'.repeat(max - 1) + '😀', 'a'.repeat(max - 1)],
    ['a'.repeat(max - 2) + '😀', 'a'.repeat(max - 2) + '😀'],
    [null, undefined],
    [undefined, undefined],
    [true, undefined],
    [{}, undefined],
    [[1], undefined],
  ];
  for (const [id, echo] of table) assert.equal(echoCallId(id), echo, String(id));
});

test('client frames: valid and invalid shapes', () => {
  const table: Array<[unknown, boolean]> = [
    [{ type: 'hello', token: 't' }, true],
    [{ type: 'hello', token: 't', resumeFrom: 5, epoch: 'e' }, true],
    [{ type: 'hello', token: '' }, false],
    [{ type: 'hello', token: 'x'.repeat(limits.maxTokenChars + 1) }, false],
    [{ type: 'hello', token: 't', resumeFrom: -1 }, false],
    [{ type: 'hello', token: 't', resumeFrom: 1.5 }, false],
    [{ type: 'call', id: 1, method: 'conversations.list', params: {} }, true],
    [{ type: 'call', id: 'abc', method: 'x' }, true],
    [{ type: 'call', id: -1, method: 'x' }, true],
    [{ type: 'call', id: 1.5, method: 'x' }, true],
    [{ type: 'call', id: Number.POSITIVE_INFINITY, method: 'x' }, false],
    [{ type: 'call', id: '', method: 'x' }, false],
    [{ type: 'call', id: null, method: 'x' }, false],
    [{ type: 'call', id: {}, method: 'x' }, false],
    [{ type: 'call', id: 'x'.repeat(65), method: 'x' }, false],
    [{ type: 'call', id: 1, method: 'x'.repeat(65) }, false],
    [{ type: 'ping' }, true],
    [{ type: 'nope' }, false],
    [null, false],
    [[], false],
    ['hello', false],
  ];
  for (const [frame, expected] of table) assert.equal(ok(ClientFrame, frame), expected, JSON.stringify(frame));
});

test('server frames parse', () => {
  const table: Array<[unknown, boolean]> = [
    [{ type: 'welcome', user: { kind: 'user', id: '1', name: 'A', rights: ['chats'] }, seq: 0, epoch: 'e', resumed: false, heartbeatMs: 25000, channels: {} }, true],
    [{ type: 'welcome', user: { kind: 'user', id: '1', name: 'A', rights: ['chats'] }, seq: 0, epoch: 'e', resumed: false, heartbeatMs: 25000 }, false],
    [{ type: 'result', id: 1, result: {} }, true],
    [{ type: 'error', error: { code: 'RESYNC_REQUIRED', message: 'm' } }, true],
    [{ type: 'error', id: 2, error: { code: 'NO_SUCH_CODE', message: 'm' } }, false],
    [{ type: 'event', seq: 3, name: 'message.created', data: {} }, true],
    [{ type: 'pong' }, true],
  ];
  for (const [frame, expected] of table) assert.equal(ok(ServerFrame, frame), expected, JSON.stringify(frame));
});

test('method params: defaults, bounds, hostile values', () => {
  const send = methods['messages.send'].params;
  const table: Array<[unknown, boolean]> = [
    [{ clientMessageId: 'a1', text: 'hi' }, true],
    [{ clientMessageId: 'a1', text: 'hi', conversationId: 3 }, true],
    [{ clientMessageId: 'a 1', text: 'hi' }, false],
    [{ clientMessageId: '', text: 'hi' }, false],
    [{ clientMessageId: 'a1', text: '   \n ' }, false],
    [{ clientMessageId: 'a1', text: 'bad \uD800 surrogate' }, false],
    [{ clientMessageId: 'a1', text: 'ok 😀 pair' }, true],
    [{ clientMessageId: 'a1', text: 'x'.repeat(limits.maxMessageRawChars + 1) }, false],
    [{ clientMessageId: 'a1', text: 'hi', conversationId: 0 }, false],
    [{ clientMessageId: 'a1', text: 'hi', conversationId: '3' }, false],
    [{ clientMessageId: 'a1', text: 'hi', conversationId: 2 ** 60 }, false],
    [JSON.parse('{"__proto__": {"admin": true}, "clientMessageId": "a", "text": "t"}'), true],
  ];
  for (const [params, expected] of table) assert.equal(ok(send, params), expected, JSON.stringify(params));
  const parsed = v.parse(methods['conversations.list'].params, {});
  assert.equal(parsed.limit, limits.pageSizeDefault);
  assert.equal(ok(methods['conversations.list'].params, { limit: 101 }), false);
  const proto = v.parse(send, JSON.parse('{"__proto__": {"admin": true}, "clientMessageId": "a", "text": "t"}'));
  assert.equal((proto as Record<string, unknown>)['admin'], undefined, 'unknown keys are stripped');
});

test('S-DLG-12: message length counts non-whitespace code points', () => {
  assert.equal(countMessageChars('a b\tc\n'), 3);
  assert.equal(countMessageChars('😀 😀'), 2);
  assert.equal(countMessageChars('   '), 0);
});

test('S-DLG-12: the counting agrees with /\\s/u code point by code point (every BMP unit, pairs, lone halves)', () => {
  const byRegex = (text: string) => {
    let n = 0;
    for (const ch of text) if (!/\s/u.test(ch)) n++;
    return n;
  };
  for (let c = 0; c <= 0xffff; c++) {
    const ch = String.fromCharCode(c);
    assert.equal(countMessageChars(ch), byRegex(ch), `U+${c.toString(16)}`);
  }
  for (const text of ['😀\u00a0x\u3000', '\ud83d', '\ude00a', 'a\ud83d b', '\ud83d\ud83d\ude00', '\u2028\u2029\ufeff\u180e', 'Ёж  \t ёж']) {
    assert.equal(countMessageChars(text), byRegex(text), JSON.stringify(text));
  }
});

test('registries: every method has params and result schemas, every event a data schema', () => {
  for (const [name, def] of Object.entries(methods)) {
    assert.ok(isMethodName(name));
    assert.ok(def.params && def.result, name);
  }
  for (const def of Object.values(events)) assert.ok(def.data);
  assert.equal(isMethodName('__proto__'), false);
  assert.equal(isMethodName('toString'), false);
});

test('S-DLG-7: a quote keeps the first 200 code points, never half an emoji', () => {
  assert.equal(quotePreview('short'), 'short');
  const long = '😀'.repeat(limits.replyPreviewChars + 5);
  assert.equal(quotePreview(long), '😀'.repeat(limits.replyPreviewChars));
  assert.equal(quotePreview('a'.repeat(limits.replyPreviewChars)), 'a'.repeat(limits.replyPreviewChars));
});
