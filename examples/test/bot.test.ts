// S-CH-3: the example off-hours bot (examples/bot) against the real server: it answers a customer
// who writes when closed, once per period, as a bot; it stays quiet when open; a conversation can
// be assigned to a bot and taken back by a manager.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import WebSocket from 'ws';
import { startTestServer, TEST_ORIGIN, type TestServer } from '@chatdesk/server/testing';
import { isOpen, startOffHoursBot, type Hours } from '../bot/off-hours.js';

const CLOSED: Hours = { timeZone: 'Europe/Moscow', week: { sun: null, mon: null, tue: null, wed: null, thu: null, fri: null, sat: null }, text: 'Мы ответим в рабочее время.', onceEveryHours: 12 };
const OPEN: Hours = { ...CLOSED, week: { sun: ['00:00', '24:00'], mon: ['00:00', '24:00'], tue: ['00:00', '24:00'], wed: ['00:00', '24:00'], thu: ['00:00', '24:00'], fri: ['00:00', '24:00'], sat: ['00:00', '24:00'] } };

/** A socket speaking the protocol, for the visitor and the manager of the scene. */
async function client(server: TestServer, token: string) {
  const ws = new WebSocket(server.wsUrl, { origin: TEST_ORIGIN });
  const frames: any[] = [];
  ws.on('message', (raw) => frames.push(JSON.parse(String(raw))));
  await new Promise((r) => ws.once('open', r));
  ws.send(JSON.stringify({ type: 'hello', token }));
  let id = 0;
  const until = async (pred: (f: any) => boolean, ms = 5_000) => {
    const end = Date.now() + ms;
    for (;;) {
      const f = frames.find(pred);
      if (f) return f;
      if (Date.now() > end) return undefined;
      await new Promise((r) => setTimeout(r, 20));
    }
  };
  await until((f) => f.type === 'welcome');
  const call = async (method: string, params: unknown) => {
    const n = ++id;
    ws.send(JSON.stringify({ type: 'call', id: n, method, params }));
    const f = await until((x) => x.id === n && (x.type === 'result' || x.type === 'error'));
    if (f?.type !== 'result') throw new Error(JSON.stringify(f));
    return f.result;
  };
  return { ws, frames, until, call };
}

const botToken = (server: TestServer) => server.userToken({ id: 'nightbot', name: 'Ночной бот', rights: ['chats', 'chat_admin', 'bot'] });

test('isOpen reads the hours in their time zone', () => {
  const hours: Hours = { ...CLOSED, week: { ...CLOSED.week, mon: ['09:00', '18:00'] } };
  assert.equal(isOpen(hours, new Date('2026-12-07T06:30:00Z')), true, 'Monday 09:30 in Moscow');
  assert.equal(isOpen(hours, new Date('2026-12-07T05:30:00Z')), false, 'Monday 08:30 in Moscow');
  assert.equal(isOpen(hours, new Date('2026-12-07T15:00:00Z')), false, 'Monday 18:00 in Moscow: closed');
  assert.equal(isOpen(hours, new Date('2026-12-06T10:00:00Z')), false, 'Sunday');
});

test('S-CH-3: outside business hours the example bot answers a customer once per period, as a bot; its answer takes no conversation', async (t) => {
  const server = await startTestServer();
  t.after(() => server.close());
  const bot = startOffHoursBot({ url: server.wsUrl, token: botToken(server), origin: TEST_ORIGIN, hours: CLOSED });
  t.after(() => bot.stop());
  await new Promise((r) => setTimeout(r, 300));
  const { token } = await server.visitorToken({ name: 'Поздний покупатель' });
  const visitor = await client(server, token);
  t.after(() => visitor.ws.close());
  const sent = await visitor.call('messages.send', { clientMessageId: 'late-1', text: 'Вы работаете?' });
  const answer = await visitor.until((f) => f.type === 'event' && f.name === 'message.created' && f.data.message.author.kind === 'bot');
  assert.ok(answer, 'the bot answered');
  assert.equal(answer.data.message.text, CLOSED.text);
  assert.equal(answer.data.message.author.name, 'Ночной бот');
  assert.equal(answer.data.conversation.assigneeId ?? null, null, 'still unassigned: a bot\'s answer takes nothing');
  await visitor.call('messages.send', { clientMessageId: 'late-2', text: 'Алло?' });
  await new Promise((r) => setTimeout(r, 500));
  const page = await visitor.call('messages.list', { conversationId: sent.conversation.id });
  assert.equal(page.messages.filter((m: any) => m.author.kind === 'bot').length, 1, 'once per period');
});

test('S-CH-3: within business hours the bot stays quiet; a conversation assigned to a bot is taken back by a manager', async (t) => {
  const server = await startTestServer();
  t.after(() => server.close());
  const bot = startOffHoursBot({ url: server.wsUrl, token: botToken(server), origin: TEST_ORIGIN, hours: OPEN });
  t.after(() => bot.stop());
  await new Promise((r) => setTimeout(r, 300));
  const { token } = await server.visitorToken({});
  const visitor = await client(server, token);
  const manager = await client(server, server.userToken({ id: 'anna', name: 'Анна', rights: ['chats', 'admin'] }));
  t.after(() => {
    visitor.ws.close();
    manager.ws.close();
  });
  const sent = await visitor.call('messages.send', { clientMessageId: 'day-1', text: 'Добрый день' });
  await new Promise((r) => setTimeout(r, 500));
  assert.equal(bot.answered, 0);
  const conversationId = sent.conversation.id;
  const toBot = await manager.call('conversations.assign', { conversationId, assigneeId: 'nightbot' });
  assert.equal(toBot.conversation.assigneeId, 'nightbot');
  const back = await manager.call('conversations.assign', { conversationId, assigneeId: 'anna' });
  assert.equal(back.conversation.assigneeId, 'anna');
});
