// The chat settings (S-SET-1..8, S-AUTH-3): one versioned document, checked whole by the shared
// schema, saved by compare-and-set, followed live by every panel and by the server itself.
import assert from 'node:assert/strict';
import { test, type TestContext } from 'node:test';
import { CallError, cmid, connect, startServer, visitorConversation, type TestClient } from './helpers.js';

const MIN = 60_000;

async function scene(t: TestContext, opts: Parameters<typeof startServer>[1] = {}) {
  const server = await startServer(t, opts);
  const admin = await connect(t, server, server.userToken({ id: 'olga', name: 'Ольга', rights: ['chats', 'admin'] }));
  const chatAdmin = await connect(t, server, server.userToken({ id: 'vera', name: 'Вера', rights: ['chats', 'chat_admin'] }));
  const manager = await connect(t, server, server.userToken({ id: 'anna', name: 'Анна' }));
  return { server, admin, chatAdmin, manager };
}

/** The error of a refused call: its code and the fields `details.nested` names. */
async function refusal(p: Promise<unknown>): Promise<{ code: string; fields: string[]; details: any }> {
  try {
    await p;
  } catch (e) {
    const err = e as CallError;
    return { code: err.code, fields: Object.keys((err.details as any)?.nested ?? {}).sort(), details: err.details };
  }
  throw new Error('the call was not refused');
}

const settingsEvent = (c: TestClient, version: number) =>
  c.waitFor((f) => f.type === 'event' && f.name === 'settings.changed' && (f.data as any).version === version) as Promise<any>;

test('S-SET-8: time limits are at least 30 s, multiples of 30 s, the warning below the processing time, per channel too — each refusal names its field', async (t) => {
  const { admin } = await scene(t);
  const save = (timeLimits: unknown) => refusal(admin.call('settings.update', { timeLimits }));
  const ok = { warningMs: 30_000, processingMs: 60_000 };
  assert.deepEqual((await save({ default: { warningMs: 29_000, processingMs: 60_000 }, perChannel: {} })).fields, ['timeLimits.default.warningMs']);
  assert.deepEqual((await save({ default: { warningMs: null, processingMs: 45_000 }, perChannel: {} })).fields, ['timeLimits.default.processingMs']);
  assert.deepEqual((await save({ default: { warningMs: 60_000, processingMs: 60_000 }, perChannel: {} })).fields, ['timeLimits.default.warningMs']);
  assert.deepEqual((await save({ default: { warningMs: -30_000, processingMs: 60_000.5 }, perChannel: {} })).fields, ['timeLimits.default.processingMs', 'timeLimits.default.warningMs']);
  assert.deepEqual((await save({ default: ok, perChannel: { 1: { warningMs: null, processingMs: 0 } } })).fields, ['timeLimits.perChannel.1.processingMs']);
  assert.equal((await save({ default: { warningMs: null }, perChannel: {} })).code, 'INVALID_PARAMS', 'the processing time is required');
  const saved = await admin.call('settings.update', { timeLimits: { default: ok, perChannel: { 1: { warningMs: null, processingMs: 90_000 } } } });
  assert.deepEqual(saved.settings.timeLimits, { default: ok, perChannel: { 1: { warningMs: null, processingMs: 90_000 } } });
});

test('S-SET-5: the privacy policy needs its text and an http(s) link while on; a javascript: link is refused', async (t) => {
  const { admin } = await scene(t);
  const privacy = (p: object) => ({ privacy: { enabled: true, text: 'Мы бережём ваши данные.', link: 'https://shop.example/privacy', excludedChannelIds: [], ...p } });
  assert.deepEqual((await refusal(admin.call('settings.update', privacy({ link: '' })))).fields, ['privacy.link']);
  assert.deepEqual((await refusal(admin.call('settings.update', privacy({ text: '   ' })))).fields, ['privacy.text']);
  assert.deepEqual((await refusal(admin.call('settings.update', privacy({ link: 'javascript:alert(1)' })))).fields, ['privacy.link']);
  assert.deepEqual((await refusal(admin.call('settings.update', privacy({ link: 'data:text/html,<b>x</b>' })))).fields, ['privacy.link']);
  assert.equal((await refusal(admin.call('settings.update', privacy({ text: 'x'.repeat(2001) })))).code, 'INVALID_PARAMS');
  assert.equal((await admin.call('settings.update', privacy({}))).settings.privacy.link, 'https://shop.example/privacy');
  // Off, the link may be empty.
  assert.equal((await admin.call('settings.update', { privacy: { enabled: false, text: '', link: '', excludedChannelIds: [] } })).settings.privacy.enabled, false);
});

test('S-SET-6: with stores known, no save while a channel has no store (or an unknown one); mapped, it saves', async (t) => {
  const { admin, server } = await scene(t, { stores: [{ code: 'main', name: 'Магазин' }, { code: 'b2b', name: 'Опт' }] });
  await visitorConversation(t, server); // the web channel exists once a visitor wrote
  const { stores, settings } = await admin.call('settings.get', {});
  assert.deepEqual(stores, [{ code: 'main', name: 'Магазин' }, { code: 'b2b', name: 'Опт' }]);
  const { channels } = await admin.call('settings.get', {});
  assert.deepEqual(channels.map((c: any) => [c.kind, c.connected]), [['web', true]]);
  const web = String(channels[0].id);
  const unmapped = await refusal(admin.call('settings.update', { widgets: { ...settings.widgets, storeByChannel: {} } }));
  assert.deepEqual([unmapped.code, unmapped.fields], ['INVALID_PARAMS', [`widgets.storeByChannel.${web}`]]);
  const unknown = await refusal(admin.call('settings.update', { widgets: { ...settings.widgets, storeByChannel: { [web]: 'nope' } } }));
  assert.deepEqual(unknown.details.nested[`widgets.storeByChannel.${web}`], ['no such store']);
  const saved = await admin.call('settings.update', { widgets: { ...settings.widgets, storeByChannel: { [web]: 'b2b' } } });
  assert.equal(saved.settings.widgets.storeByChannel[web], 'b2b');
});

test('S-SET-1..8: saving is versioned — two admins from the same version: the second gets CONFLICT with what is saved now, then saves on it; a plain manager may not', async (t) => {
  const { admin, chatAdmin, manager } = await scene(t);
  assert.equal((await refusal(manager.call('settings.get', {}))).code, 'FORBIDDEN');
  assert.equal((await refusal(manager.call('settings.update', { chatsEnabled: false }))).code, 'FORBIDDEN');
  const a = await admin.call('settings.get', {});
  const b = await chatAdmin.call('settings.get', {});
  assert.equal(a.version, b.version);
  const first = await admin.call('settings.update', { version: a.version, autoCloseAssignedMs: 60 * MIN });
  assert.equal(first.version, a.version + 1);
  const lost = await refusal(chatAdmin.call('settings.update', { version: b.version, displayMode: 'section' }));
  assert.equal(lost.code, 'CONFLICT');
  assert.equal(lost.details.version, first.version);
  assert.equal(lost.details.settings.autoCloseAssignedMs, 60 * MIN, 'the second sees the first one\'s values');
  const second = await chatAdmin.call('settings.update', { version: lost.details.version, displayMode: 'section' });
  assert.deepEqual([second.version, second.settings.displayMode, second.settings.autoCloseAssignedMs], [first.version + 1, 'section', 60 * MIN], 'nothing of either is lost');
  // Without a version, a script's save goes through whatever the version.
  assert.equal((await admin.call('settings.update', { displayMode: 'popup' })).version, second.version + 1);
});

test('S-SET-1, S-SET-2: every panel hears settings.changed (display mode, chats on/off) and a new session gets them in welcome', async (t) => {
  const { server, admin, manager } = await scene(t);
  assert.deepEqual(manager.welcome?.settings, { version: 0, chatsEnabled: true, displayMode: 'popup', managersSeeUnassigned: true });
  const heard = settingsEvent(manager, 1);
  await admin.call('settings.update', { version: 0, displayMode: 'section' });
  assert.deepEqual((await heard).data, { version: 1, chatsEnabled: true, displayMode: 'section', managersSeeUnassigned: true });
  const later = await connect(t, server, server.userToken({ id: 'boris' }));
  assert.equal(later.welcome?.settings?.displayMode, 'section');
});

test('S-SET-1: chats off — every chat call of staff and visitors answers CHATS_DISABLED; admins still read and save the settings; on again, all works', async (t) => {
  const { server, admin, manager } = await scene(t);
  const { visitor, conversationId } = await visitorConversation(t, server);
  await admin.call('settings.update', { chatsEnabled: false });
  assert.equal((await refusal(manager.call('conversations.list', {}))).code, 'CHATS_DISABLED');
  assert.equal((await refusal(visitor.call('messages.send', { clientMessageId: cmid(), text: 'ау' }))).code, 'CHATS_DISABLED');
  assert.equal((await refusal(admin.call('messages.send', { conversationId, clientMessageId: cmid(), text: 'ответ' }))).code, 'CHATS_DISABLED');
  assert.equal((await admin.call('settings.get', {})).settings.chatsEnabled, false);
  const reconnected = await connect(t, server, server.userToken({ id: 'anna' }));
  assert.equal(reconnected.welcome?.settings?.chatsEnabled, false, 'a new panel learns it in welcome and hides');
  await admin.call('settings.update', { chatsEnabled: true });
  assert.ok((await manager.call('conversations.list', {})).conversations.length >= 1);
  assert.equal((await visitor.call('messages.send', { clientMessageId: cmid(), text: 'снова' })).message.text, 'снова');
});

test('S-AUTH-3: managersSeeUnassigned is a setting: off, a plain manager no longer lists or hears unassigned conversations; on again, they do', async (t) => {
  const { server, admin, manager } = await scene(t);
  const first = await visitorConversation(t, server);
  const listed = async () => (await manager.call('conversations.list', {})).conversations.map((c: any) => c.id);
  assert.deepEqual(await listed(), [first.conversationId]);
  await admin.call('settings.update', { managersSeeUnassigned: false });
  assert.deepEqual(await listed(), []);
  assert.equal((await refusal(manager.call('conversations.get', { conversationId: first.conversationId }))).code, 'NOT_FOUND');
  const second = await visitorConversation(t, server, 'Новый вопрос');
  assert.equal(await manager.receivesWithin((f) => f.type === 'event' && (f.data as any)?.conversation?.id === second.conversationId, 300), false);
  await admin.call('settings.update', { managersSeeUnassigned: true });
  assert.deepEqual((await listed()).sort(), [first.conversationId, second.conversationId].sort());
});

test('S-AUTH-3: without a saved setting the server flag decides (--hide-unassigned), and settings.get shows it', async (t) => {
  const { admin, manager } = await scene(t, { managersSeeUnassigned: false });
  assert.equal((await admin.call('settings.get', {})).settings.managersSeeUnassigned, false);
  assert.equal(manager.welcome?.settings?.managersSeeUnassigned, false);
});
