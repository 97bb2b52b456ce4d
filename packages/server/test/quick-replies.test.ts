// Quick replies (S-QR-1..4) against a real server: admins and chat admins change them, every staff
// user reads them and hears the changes, a template is checked when saved and rendered for the
// conversation's customer in the engine's sandbox. On SQLite, and on PostgreSQL with CHATDESK_TEST_STORAGE.
import assert from 'node:assert/strict';
import { test, type TestContext } from 'node:test';
import { readCatalogue } from '../src/adapters/crm/catalogue.js';
import type { BuiltinCrm } from '../src/adapters/crm/builtin.js';
import { demoQuickReplyTexts } from '../src/demo/quick-replies-seed.js';
import { CallError, cmid, code, connect, startServer, visitorConversation } from './helpers.js';

const HI = "Здравствуйте, {{ customer.firstName|default('клиент') }}!";

async function refusal(p: Promise<unknown>): Promise<{ code: string; details: any }> {
  try {
    await p;
  } catch (e) {
    return { code: (e as CallError).code, details: (e as CallError).details };
  }
  throw new Error('it was not refused');
}

async function world(t: TestContext) {
  const server = await startServer(t, { stores: [{ code: 'main', name: 'Обувь' }] });
  const admin = await connect(t, server, server.userToken({ id: 'olga', name: 'Ольга Админова', rights: ['chats', 'admin'], ttlSeconds: 3600 }));
  const manager = await connect(t, server, server.userToken({ id: 'anna', name: 'Анна Менеджерова', rights: ['chats'], ttlSeconds: 3600 }));
  return { server, admin, manager };
}

test('S-QR-2, S-QR-3: an admin creates a category and a reply /hi; a manager reads them and hears changes live but cannot change them; commands are unique, texts at most 2000 characters', async (t) => {
  const { server, admin, manager } = await world(t);
  const chatAdmin = await connect(t, server, server.userToken({ id: 'vera', name: 'Вера', rights: ['chats', 'chat_admin'], ttlSeconds: 3600 }));
  const { category } = await admin.call('quickReplies.saveCategory', { name: 'Приветствия' });
  assert.deepEqual((await manager.nextEvent('quickReplies.changed')).data, { kind: 'category', category });
  const { reply } = await admin.call('quickReplies.save', { command: '/HI', title: 'Приветствие', text: HI, categoryId: category.id });
  assert.deepEqual([reply.command, reply.title, reply.text, reply.categoryId], ['hi', 'Приветствие', HI, category.id]);
  const heard = await manager.nextEvent('quickReplies.changed');
  assert.deepEqual(heard.data, { kind: 'reply', reply });
  assert.deepEqual(await manager.call('quickReplies.list', {}), { replies: [reply], categories: [category] });

  // S-QR-2: a manager may not change them; the server refuses, whatever the UI shows.
  assert.equal(await code(manager.call('quickReplies.save', { command: 'mine', title: 'Моё', text: 'Текст' })), 'FORBIDDEN');
  assert.equal(await code(manager.call('quickReplies.save', { id: reply.id, command: 'hi', title: 'Изменено', text: 'Текст' })), 'FORBIDDEN');
  assert.equal(await code(manager.call('quickReplies.delete', { id: reply.id })), 'FORBIDDEN');
  assert.equal(await code(manager.call('quickReplies.saveCategory', { name: 'Моя' })), 'FORBIDDEN');
  assert.equal(await code(manager.call('quickReplies.deleteCategory', { id: category.id })), 'FORBIDDEN');
  // A chat admin may (S-QR-2).
  const bye = (await chatAdmin.call('quickReplies.save', { command: 'bye', title: 'Прощание', text: 'До свидания!' })).reply;

  // Unique commands and category names; S-QR-3: 2000 characters, whitespace counted.
  assert.deepEqual(await refusal(admin.call('quickReplies.save', { command: 'Hi', title: 'Ещё', text: 'x' })), { code: 'CONFLICT', details: { reason: 'command' } });
  assert.deepEqual(await refusal(chatAdmin.call('quickReplies.save', { id: bye.id, command: 'hi', title: 'Прощание', text: 'x' })), { code: 'CONFLICT', details: { reason: 'command' } });
  assert.equal((await refusal(admin.call('quickReplies.saveCategory', { name: 'приветствия' }))).code, 'CONFLICT');
  const long = `${'а '.repeat(999)}аб`;
  assert.equal(long.length, 2000);
  assert.equal((await admin.call('quickReplies.save', { command: 'long', title: 'Длинный', text: long })).reply.text, long);
  assert.equal(await code(admin.call('quickReplies.save', { command: 'longer', title: 'Длиннее', text: `${long} ` })), 'INVALID_PARAMS');
  assert.equal(await code(admin.call('quickReplies.save', { command: 'two words', title: 'x', text: 'x' })), 'INVALID_PARAMS');
  assert.equal(await code(admin.call('quickReplies.save', { command: 'nocat', title: 'x', text: 'x', categoryId: 999999 })), 'NOT_FOUND');

  // A category deleted: its replies stay, uncategorised, and open lists hear it.
  manager.takeEvents();
  await admin.call('quickReplies.deleteCategory', { id: category.id });
  assert.deepEqual((await manager.nextEvent('quickReplies.changed')).data, { kind: 'categoryDeleted', id: category.id });
  const after = await manager.call('quickReplies.list', {});
  assert.deepEqual(after.categories, []);
  assert.equal(after.replies.find((r: any) => r.id === reply.id).categoryId, null);
  await admin.call('quickReplies.delete', { id: reply.id });
  assert.deepEqual((await manager.nextEvent('quickReplies.changed')).data, { kind: 'replyDeleted', id: reply.id });
  assert.equal(await code(admin.call('quickReplies.delete', { id: reply.id })), 'NOT_FOUND');
});

test('S-QR-1: replies are found by command, title and text with message search\'s folding («ё» = «е», any case); listed by category, then command', async (t) => {
  const { admin, manager } = await world(t);
  const b = (await admin.call('quickReplies.saveCategory', { name: 'Б-доставка' })).category;
  const a = (await admin.call('quickReplies.saveCategory', { name: 'А-оплата' })).category;
  await admin.call('quickReplies.save', { command: 'courier', title: 'Курьер', text: 'Курьер привезёт заказ завтра', categoryId: b.id });
  await admin.call('quickReplies.save', { command: 'card', title: 'Оплата картой', text: 'Ссылку на оплату пришлём в чат', categoryId: a.id });
  await admin.call('quickReplies.save', { command: 'thanks', title: 'Спасибо', text: 'Спасибо за заказ!' });
  const all = await manager.call('quickReplies.list', {});
  assert.deepEqual(all.categories.map((c: any) => c.name), ['А-оплата', 'Б-доставка']);
  assert.deepEqual(all.replies.map((r: any) => r.command), ['card', 'courier', 'thanks']);
  const find = async (query: string) => (await manager.call('quickReplies.list', { query })).replies.map((r: any) => r.command);
  assert.deepEqual(await find('ПРИВЕЗЕТ'), ['courier'], '«ё» = «е», any case');
  assert.deepEqual(await find('заказ'), ['courier', 'thanks']);
  assert.deepEqual(await find('оплата картой'), ['card'], 'every word, by title');
  assert.deepEqual(await find('thanks'), ['thanks'], 'by command');
  assert.deepEqual(await find('нет такого'), []);
});

test('S-QR-4: a template with a syntax error or a tag, filter or function the sandbox does not allow is refused on save with its line', async (t) => {
  const { admin } = await world(t);
  const broken = await refusal(admin.call('quickReplies.save', { command: 'broken', title: 'x', text: 'Строка 1\nСтрока 2\n{{ customer.firstName' }));
  assert.equal(broken.code, 'INVALID_PARAMS');
  assert.equal(broken.details.reason, 'template');
  assert.equal(broken.details.line, 3);
  assert.equal(typeof broken.details.message, 'string');
  for (const text of ["{% include 'x' %}", '{{ range(1, 5)|join }}', '{% macro m() %}{% endmacro %}']) {
    const r = await refusal(admin.call('quickReplies.save', { command: 'sandbox', title: 'x', text }));
    assert.deepEqual([r.code, r.details.reason, r.details.line], ['INVALID_PARAMS', 'template', 1], text);
  }
});

test('S-QR-4: /hi rendered for a conversation: a known customer\'s name (the chat\'s, then the CRM\'s once saved), «клиент» for a nameless visitor; the manager and the current order are there too', async (t) => {
  const { server, admin, manager } = await world(t);
  await (server.app.chat.crm as BuiltinCrm).importCatalogue(readCatalogue());
  const { reply } = await admin.call('quickReplies.save', { command: 'hi', title: 'Приветствие', text: HI });
  const nameless = await visitorConversation(t, server, 'Здравствуйте');
  assert.deepEqual(await admin.call('quickReplies.render', { conversationId: nameless.conversationId, replyId: reply.id }), { text: 'Здравствуйте, клиент!' });
  const named = await visitorConversation(t, server, 'Добрый день', 'Пётр Семёнов');
  assert.deepEqual(await admin.call('quickReplies.render', { conversationId: named.conversationId, replyId: reply.id }), { text: 'Здравствуйте, Пётр!' });

  // Saved in the CRM under another first name: the CRM's record wins; the order is the current one.
  const got = await admin.call('settings.get', {});
  const web = got.channels.find((c: { kind: string }) => c.kind === 'web').id;
  await admin.call('settings.update', { version: got.version, widgets: { ...got.settings.widgets, storeByChannel: { [web]: 'main' } } });
  await admin.call('crm.saveCustomer', { conversationId: named.conversationId, customer: { firstName: 'Петр', lastName: 'Семенов', email: 'petr@example.com' } });
  const { order } = await admin.call('crm.placeOrder', { conversationId: named.conversationId, items: [{ offerId: 'p1-3', quantity: 1 }], delivery: { type: 'pickup' } });
  const preview = await manager.call('quickReplies.render', {
    conversationId: named.conversationId,
    text: '{{ customer.firstName }} {{ customer.lastName }} <{{ customer.email|upper }}>, заказ №{{ order.number }} ({{ order.status|lower }}) — {{ manager.firstName }}; {{ customer.nothing }}{{ nobody.knows }}.',
  });
  assert.equal(preview.text, `Петр Семенов <PETR@EXAMPLE.COM>, заказ №${order.number} (${order.status.name.toLowerCase()}) — Анна; .`);
  // A manager who does not see the conversation cannot render into it.
  const boris = await connect(t, server, server.userToken({ id: 'boris', rights: ['chats'], ttlSeconds: 3600 }));
  await admin.call('conversations.assign', { conversationId: named.conversationId, assigneeId: 'anna' });
  assert.equal(await code(boris.call('quickReplies.render', { conversationId: named.conversationId, replyId: reply.id })), 'NOT_FOUND');
});

test('S-QR-4: template bombs are stopped within their limits (LIMIT_EXCEEDED) while other managers\' calls are answered', async (t) => {
  const { server, admin, manager } = await world(t);
  const { conversationId } = await visitorConversation(t, server, 'Здравствуйте');
  const bombs = [
    '{% for i in 1..100000000 %}x{% endfor %}',
    '{% for a in 1..10000 %}{% for b in 1..10000 %}{{ a }}{% endfor %}{% endfor %}',
    "{% set s = 'xxxxxxxxxx' %}{% for i in 1..40 %}{% set s = s ~ s %}{% endfor %}{{ s }}",
  ];
  for (const text of bombs) {
    const started = Date.now();
    const others = Promise.all(Array.from({ length: 10 }, (_, i) => manager.call('messages.send', { conversationId, clientMessageId: cmid(`b${i}`), text: `Ответ ${i}` }).then(() => Date.now() - started)));
    const r = await refusal(admin.call('quickReplies.render', { conversationId, text }));
    const took = Date.now() - started;
    assert.ok(['LIMIT_EXCEEDED', 'INVALID_PARAMS'].includes(r.code), `${text}: ${r.code}`);
    const answered = await others;
    assert.ok(took < 3_000, `stopped in ${took} ms`);
    assert.ok(Math.max(...answered) < 3_000, `the other calls answered within ${Math.max(...answered)} ms`);
  }
});

test('S-QR-1, S-QR-4: the demo comes with quick replies in categories, every one a template the server accepts and renders for a demo conversation', async (t) => {
  const server = await startServer(t, { demo: true });
  const boris = await connect(t, server, server.userToken({ id: 'boris', name: 'Борис Менеджеров', rights: ['chats'], ttlSeconds: 3600 }));
  const { replies, categories } = await boris.call('quickReplies.list', {});
  assert.deepEqual(categories.map((c: any) => c.name), ['Доставка', 'Оплата', 'Приветствия']);
  assert.deepEqual(replies.map((r: any) => r.text).sort(), [...demoQuickReplyTexts].sort());
  const olga = await connect(t, server, server.userToken({ id: 'olga', name: 'Ольга Админова', rights: ['chats', 'admin'], ttlSeconds: 3600 }));
  const conversationId = (await olga.call('conversations.list', {})).conversations[0].id;
  for (const r of replies) {
    const { text } = await olga.call('quickReplies.render', { conversationId, replyId: r.id });
    assert.ok(text.length > 0 && !text.includes('{{') && !text.includes('{%'), `${r.command}: ${text}`);
  }
  const hi = replies.find((r: any) => r.command === 'hi');
  assert.match((await olga.call('quickReplies.render', { conversationId, replyId: hi.id })).text, /^Здравствуйте, .+! Меня зовут Ольга, чем могу помочь\?$/);
});
