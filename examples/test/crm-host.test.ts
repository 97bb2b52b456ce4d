// A chat server whose CRM is a host CRM over the REST contract (`crmUrl`, `crmKey`): the reference
// CRM server of examples/crm stands for it. The widgets' calls reach it through the chat; when it is
// down they answer UNAVAILABLE in time and the chat itself goes on (S-W-*, S-SET-6).
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import WebSocket from 'ws';
import { startTestServer, type TestServer } from '@chatdesk/server/testing';
import { startCrmServer } from '../crm/server.js';

const KEY = 'host-crm-test-key';

/** A minimal protocol client: hello, then calls answered by id. */
async function client(t: TestContext, server: TestServer, token: string) {
  const ws = new WebSocket(server.wsUrl, { origin: server.origin });
  t.after(() => ws.terminate());
  const waiting = new Map<number, (f: any) => void>();
  let welcomed: () => void = () => undefined;
  const welcome = new Promise<void>((r) => (welcomed = r));
  ws.on('message', (raw) => {
    const f = JSON.parse(raw.toString());
    if (f.type === 'welcome') welcomed();
    if ((f.type === 'result' || f.type === 'error') && waiting.has(f.id)) waiting.get(f.id)!(f);
  });
  await new Promise((resolve, reject) => (ws.once('open', resolve), ws.once('error', reject)));
  ws.send(JSON.stringify({ type: 'hello', token }));
  await welcome;
  let id = 0;
  return (method: string, params: unknown): Promise<any> =>
    new Promise((resolve, reject) => {
      const n = ++id;
      waiting.set(n, (f) => (f.type === 'result' ? resolve(f.result) : reject(Object.assign(new Error(f.error.message), f.error))));
      ws.send(JSON.stringify({ type: 'call', id: n, method, params }));
    });
}

test('S-W-CUST, S-W-ORD, S-SET-6: with a host CRM the widgets\' calls are the host\'s: stores, a saved customer, an order; the CRM down answers UNAVAILABLE in time and the chat goes on', async (t) => {
  const crm = await startCrmServer({ apiKey: KEY });
  let crmUp = true;
  t.after(() => (crmUp ? crm.close() : undefined));
  const server = await startTestServer({ crmUrl: crm.url, crmKey: KEY, crmTimeoutMs: 300 });
  t.after(() => server.close());
  const admin = await client(t, server, server.userToken({ id: 'olga', name: 'Ольга', rights: ['chats', 'admin'], ttlSeconds: 600 }));
  const { token } = await server.visitorToken({ name: 'Пётр' });
  const visitor = await client(t, server, token);
  const { conversation } = await visitor('messages.send', { clientMessageId: 'h1', text: 'Есть кеды 38?' });

  // The stores are the host CRM's: the web channel must map to one of them.
  const got = await admin('settings.get', {});
  assert.deepEqual(got.stores.map((s: { code: string }) => s.code), ['main', 'wholesale']);
  const web = got.channels.find((c: { kind: string }) => c.kind === 'web').id;
  await admin('settings.update', { version: got.version, widgets: { ...got.settings.widgets, storeByChannel: { [web]: 'main' } } });

  const { customer } = await admin('crm.saveCustomer', { conversationId: conversation.id, customer: { firstName: 'Пётр', phones: ['+7 916 000-11-22'] } });
  // It is in the host CRM, under the host's id.
  const stored = await (await fetch(`${crm.url}/customers/${customer.id}`, { headers: { authorization: `Bearer ${KEY}` } })).json();
  assert.equal(stored.customer.firstName, 'Пётр');
  const page = await admin('crm.products', { conversationId: conversation.id, query: { query: 'кеды' } });
  assert.ok(page.products.length > 0);
  const { order } = await admin('crm.placeOrder', { conversationId: conversation.id, items: [{ offerId: page.products[0].offers[0].id, quantity: 1 }], delivery: { type: 'pickup' } });
  assert.equal((await admin('crm.currentOrder', { conversationId: conversation.id })).order.id, order.id);
  assert.equal((await admin('crm.orderConversations', { orderId: order.id })).origin.id, conversation.id);

  // The host CRM goes down: its calls fail in time, the chat's own go on.
  await crm.close();
  crmUp = false;
  const started = Date.now();
  await assert.rejects(admin('crm.customer', { conversationId: conversation.id }), (e: any) => e.code === 'UNAVAILABLE');
  assert.ok(Date.now() - started < 5_000, `answered in ${Date.now() - started} ms`);
  const answer = await admin('messages.send', { conversationId: conversation.id, clientMessageId: 'h2', text: 'Сейчас уточню' });
  assert.equal(answer.message.text, 'Сейчас уточню');
  assert.equal((await admin('settings.get', {})).stores.length, 2, 'the last list of stores stands');
});
