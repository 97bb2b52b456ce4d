// S-SET-5: with the privacy policy on, a customer's first conversation opens only once they have
// agreed to the policy as it reads now; the agreement stays with the conversation.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { test, type TestContext } from 'node:test';
import { webhookHeaders } from '../src/channels/integration/standard-webhooks.js';
import { CallError, cmid, connect, startServer, visitorConversation, type TestClient, type TestServer } from './helpers.js';

const POLICY = { enabled: true, text: 'Мы обрабатываем ваши данные, чтобы ответить вам.', link: 'https://shop.example/privacy', excludedChannelIds: [] as number[] };

async function scene(t: TestContext) {
  const server = await startServer(t);
  const admin = await connect(t, server, server.userToken({ id: 'olga', name: 'Ольга', rights: ['chats', 'admin'] }));
  return { server, admin };
}

async function refusal(p: Promise<unknown>): Promise<CallError> {
  try {
    await p;
  } catch (e) {
    return e as CallError;
  }
  throw new Error('not refused');
}

async function newVisitor(t: TestContext, server: TestServer): Promise<TestClient> {
  const { token } = await server.visitorToken();
  return connect(t, server, token);
}

test('S-SET-5: a new customer first gets the policy and must agree before their first message opens a conversation; managers see nothing until then; the agreement stays with the conversation', async (t) => {
  const { server, admin } = await scene(t);
  await admin.call('settings.update', { privacy: POLICY });
  const visitor = await newVisitor(t, server);
  const notice = visitor.welcome?.privacy as { text: string; link: string; version: string; acceptedAt: number | null };
  assert.deepEqual({ ...notice, version: typeof notice.version }, { text: POLICY.text, link: POLICY.link, version: 'string', acceptedAt: null });
  const refused = await refusal(visitor.call('messages.send', { clientMessageId: cmid(), text: 'Здравствуйте' }));
  assert.equal(refused.code, 'FORBIDDEN');
  assert.deepEqual(refused.details, { reason: 'consent', privacy: { text: POLICY.text, link: POLICY.link, version: notice.version } });
  assert.deepEqual((await admin.call('conversations.list', {})).conversations, [], 'nothing reaches the managers');
  assert.equal((await refusal(visitor.call('privacy.accept', { version: 'old' }))).code, 'CONFLICT');
  const { acceptedAt } = await visitor.call('privacy.accept', { version: notice.version });
  assert.equal(typeof acceptedAt, 'number');
  assert.equal((await visitor.call('privacy.accept', { version: notice.version })).acceptedAt, acceptedAt, 'again: the first time stays');
  const sent = await visitor.call('messages.send', { clientMessageId: cmid(), text: 'Здравствуйте' });
  assert.deepEqual((await admin.call('conversations.list', {})).conversations.map((c: any) => c.id), [sent.conversation.id]);
  assert.deepEqual(await server.app.chat.store.consents.ofConversation(sent.conversation.id), { version: notice.version, accepted_at: acceptedAt });
  // A returning customer's welcome says they agreed.
  const again = await connect(t, server, (await server.visitorToken({})).token);
  assert.equal(again.welcome?.privacy?.acceptedAt, null, 'another customer has not');
  assert.equal((await refusal(admin.call('privacy.accept', { version: notice.version }))).code, 'FORBIDDEN', 'only the customer agrees');
});

test('S-SET-5: existing conversations go on without it; an excluded channel needs none; a changed policy needs a new agreement from new customers', async (t) => {
  const { server, admin } = await scene(t);
  const before = await visitorConversation(t, server, 'до политики');
  await admin.call('settings.update', { privacy: POLICY });
  const more = await before.visitor.call('messages.send', { clientMessageId: cmid(), text: 'и после' });
  assert.equal(more.conversation.id, before.conversationId, 'the existing conversation continues');
  const { channels } = await admin.call('settings.get', {});
  const web = channels.find((c: any) => c.kind === 'web').id as number;
  await admin.call('settings.update', { privacy: { ...POLICY, excludedChannelIds: [web] } });
  const excluded = await newVisitor(t, server);
  assert.equal(excluded.welcome?.privacy, undefined);
  await excluded.call('messages.send', { clientMessageId: cmid(), text: 'без политики' });
  // The text changes: a new version; the old agreement does not count for it.
  await admin.call('settings.update', { privacy: POLICY });
  const v1 = await newVisitor(t, server);
  await v1.call('privacy.accept', { version: (v1.welcome?.privacy as any).version });
  await admin.call('settings.update', { privacy: { ...POLICY, text: `${POLICY.text} Новая редакция.` } });
  const refused = await refusal(v1.call('messages.send', { clientMessageId: cmid(), text: 'а теперь?' }));
  assert.equal((refused.details as any).reason, 'consent');
  assert.notEqual((refused.details as any).privacy.version, (v1.welcome?.privacy as any).version);
});

test('S-SET-5, S-CH-2: a messenger module gets the policy, shows it, reports the customer\'s agreement; until then the customer\'s first message is refused with the policy', async (t) => {
  const { server, admin } = await scene(t);
  await admin.call('settings.update', { privacy: POLICY });
  const made = await admin.call('modules.create', { code: 'tg', name: 'Telegram', webhookUrl: null });
  const call = async (method: string, path: string, body?: unknown) => {
    const text = body === undefined ? '' : JSON.stringify(body);
    const res = await fetch(`${server.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${made.token}`, ...(text ? { 'content-type': 'application/json' } : {}), ...webhookHeaders(made.webhookSecret, `msg_${randomUUID()}`, text, Date.now()) },
      ...(text ? { body: text } : {}),
    });
    return { status: res.status, body: (await res.json()) as any };
  };
  assert.equal((await call('PUT', '/api/v1/channels/bot', { kind: 'telegram', name: 'Bot' })).status, 200);
  const say = { channel: 'bot', customer: { externalId: '42', name: 'Пётр' }, messageId: 'm1', text: 'Привет' };
  const first = await call('POST', '/api/v1/messages', say);
  assert.equal(first.status, 403);
  assert.equal(first.body.error.details.reason, 'consent');
  const { privacy } = (await call('GET', '/api/v1/channels/bot/privacy')).body;
  assert.deepEqual(privacy, first.body.error.details.privacy);
  assert.equal((await call('POST', '/api/v1/consents', { channel: 'bot', customer: { externalId: '42' }, version: 'stale' })).status, 409);
  const agreed = await call('POST', '/api/v1/consents', { channel: 'bot', customer: { externalId: '42', name: 'Пётр' }, version: privacy.version });
  assert.equal(agreed.status, 200);
  const second = await call('POST', '/api/v1/messages', say);
  assert.equal(second.status, 200, JSON.stringify(second.body));
  assert.deepEqual((await server.app.chat.store.consents.ofConversation(second.body.message.conversationId))?.version, privacy.version);
});
