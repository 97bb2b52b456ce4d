import assert from 'node:assert/strict';
import { staffAliasFor } from '../src/auth/staff-alias.js';
import { test } from 'node:test';
import { typingAllowed, type TypingThrottle } from '../src/services/typing.js';
import { connect, sleep, startServer, visitorConversation, cmid, type CallError, type Frame } from './helpers.js';

const typingSignal = (pred: (d: any) => boolean = () => true) => (f: Frame) =>
  f.type === 'signal' && f.name === 'typing' && pred(f.data);
/** The data of the next typing signal a client gets. */
const nextTyping = async (c: { waitFor(p: (f: Frame) => boolean): Promise<Frame> }, pred?: (d: any) => boolean): Promise<any> =>
  (await c.waitFor(typingSignal(pred))).data;

/** Long enough for a signal that would come to have come (they go out before the call's result). */
const QUIET_MS = 150;

async function reject(p: Promise<unknown>, code: string): Promise<void> {
  const err = (await p.then(
    () => assert.fail(`expected ${code}`),
    (e: unknown) => e,
  )) as CallError;
  assert.equal(err.code, code, err.message);
}

test('typing signals go manager → visitor and visitor → manager, not to the typer\'s other sessions nor to a manager who cannot see the conversation (S-AUTH-3), and are not logged', async (t) => {
  const server = await startServer(t);
  const anna = await connect(t, server, server.userToken({ id: 'anna', name: 'Анна' }));
  const annaTab2 = await connect(t, server, server.userToken({ id: 'anna', name: 'Анна' }));
  const { visitor, token, conversationId, customerId } = await visitorConversation(t, server);
  const visitorTab2 = await connect(t, server, token);
  // Anna answers: the conversation is hers, so Boris (a plain manager) no longer sees it.
  await anna.call('messages.send', { conversationId, clientMessageId: cmid(), text: 'Здравствуйте' });
  const boris = await connect(t, server, server.userToken({ id: 'boris' }));
  const admin = await connect(t, server, server.userToken({ id: 'vera', rights: ['chats', 'chat_admin'] }));

  assert.deepEqual(await anna.call('typing.set', { conversationId, typing: true }), {});
  // Visitors read the typer by name and an opaque id, never the CRM user id (the README's identities rule).
  const alias = staffAliasFor(server.secret)('anna');
  for (const [c, id] of [[visitor, alias], [visitorTab2, alias], [admin, 'anna']] as const) {
    const s = await c.waitFor(typingSignal((d) => d.conversationId === conversationId));
    assert.deepEqual(s.data, { conversationId, author: { kind: 'manager', id, name: 'Анна' }, typing: true });
    assert.equal('seq' in s, false, 'signals are not events');
  }
  assert.equal(await annaTab2.receivesWithin(typingSignal(), QUIET_MS), false, "the typer's own other tab");
  assert.equal(await anna.receivesWithin(typingSignal(), 0), false);
  assert.equal(await boris.receivesWithin(typingSignal(), 0), false, 'a manager who cannot see it');

  await visitor.call('typing.set', { conversationId, typing: true });
  for (const c of [anna, annaTab2, admin]) {
    const d = await nextTyping(c);
    assert.deepEqual(d.author, { kind: 'customer', id: String(customerId), name: visitor.welcome?.user.name });
    assert.equal(d.typing, true);
  }
  assert.equal(await visitorTab2.receivesWithin(typingSignal(), QUIET_MS), false);
  assert.equal(await boris.receivesWithin(typingSignal(), 0), false);
  // Nothing was logged: a resume replays no typing.
  assert.equal((await server.app.chat.store.events.after(0, 10_000)).some((e) => e.name.startsWith('typing')), false);
});

test('typing.set: throttled per session and place on the server (a stop after a start always goes); NOT_FOUND for a place one cannot see (another visitor\'s conversation, an internal chat one is not a member of), INVALID_PARAMS for a malformed place', async (t) => {
  const server = await startServer(t);
  const anna = await connect(t, server, server.userToken({ id: 'anna' }));
  const boris = await connect(t, server, server.userToken({ id: 'boris' }));
  const { visitor, conversationId } = await visitorConversation(t, server);
  const other = await visitorConversation(t, server);

  await visitor.call('typing.set', { conversationId, typing: true });
  assert.deepEqual(await visitor.call('typing.set', { conversationId, typing: true }), {}, 'ok, but nothing pushed');
  await anna.waitFor(typingSignal((d) => d.typing));
  assert.equal(await anna.receivesWithin(typingSignal(), QUIET_MS), false, 'one start within a second');
  await visitor.call('typing.set', { conversationId, typing: false });
  assert.equal((await nextTyping(anna)).typing, false);
  await visitor.call('typing.set', { conversationId, typing: false });
  assert.equal(await anna.receivesWithin(typingSignal(), QUIET_MS), false, 'one stop per start');
  await sleep(1_050);
  await visitor.call('typing.set', { conversationId, typing: true });
  assert.equal((await nextTyping(anna)).typing, true, 'a new start after the throttle');

  await reject(visitor.call('typing.set', { conversationId: other.conversationId, typing: true }), 'NOT_FOUND');
  await reject(visitor.call('typing.set', { conversationId, chatId: 1, typing: true }), 'INVALID_PARAMS');
  await reject(visitor.call('typing.set', { typing: true }), 'INVALID_PARAMS');
  await reject(visitor.call('typing.set', { conversationId }), 'INVALID_PARAMS');
  await reject(visitor.call('typing.set', { chatId: 1, typing: true }), 'NOT_FOUND');
  await reject(anna.call('typing.set', { conversationId: 999_999, typing: true }), 'NOT_FOUND');

  // Internal chats (S-DLG-14): members only.
  const { chat } = await anna.call('internal.create', { memberIds: ['boris'] });
  await anna.call('typing.set', { chatId: chat.id, typing: true });
  const s = await boris.waitFor(typingSignal((d) => d.chatId === chat.id));
  assert.deepEqual(s.data, { chatId: chat.id, author: { kind: 'manager', id: 'anna', name: 'anna' }, typing: true });
  assert.equal(await anna.receivesWithin(typingSignal((d) => d.chatId === chat.id), QUIET_MS), false);
  const vera = await connect(t, server, server.userToken({ id: 'vera', rights: ['admin'] }));
  await reject(vera.call('typing.set', { chatId: chat.id, typing: true }), 'NOT_FOUND');
});

test('typing throttle: at most one start and one stop per place per second, however a session alternates', () => {
  const state: TypingThrottle = new Map();
  const at = (conversationId: number, typing: boolean, now: number) => typingAllowed(state, { conversationId, author: { kind: 'manager', id: 'a', name: 'a' }, typing }, now);
  assert.equal(at(1, false, 0), false, 'a stop without a start says nothing');
  assert.equal(at(1, true, 0), true);
  assert.equal(at(1, true, 500), false);
  assert.equal(at(2, true, 500), true, 'places are apart');
  assert.equal(at(1, false, 600), true);
  assert.equal(at(1, true, 700), false, 'the next start waits for the second to pass');
  assert.equal(at(1, false, 800), false);
  assert.equal(at(1, true, 1_000), true);
});
