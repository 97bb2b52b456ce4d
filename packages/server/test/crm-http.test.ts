import assert from 'node:assert/strict';
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test, type TestContext } from 'node:test';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import catalogue from '../src/demo/crm-catalogue.json' with { type: 'json' };
import { HttpCrm, type HttpCrmOptions } from '../src/adapters/crm/http.js';
import { CrmError, type CrmErrorCode } from '../src/ports/crm.js';
import { startCrmServer, type CrmServerOptions } from '../../../examples/crm/server.js';
import { crmContract } from './crm-contract.js';

/*
 * The HTTP adapter against real servers on 127.0.0.1: the reference CRM (examples/crm/server.ts),
 * a proxy in front of it that fails on purpose (503, an answer dropped), and small servers that
 * misbehave (never answer, answer the wrong shape).
 */

const KEY = 'test-key-3f9a1c';
const DAY = 24 * 60 * 60 * 1000;

async function reference(t: TestContext, o: Partial<CrmServerOptions> = {}) {
  const server = await startCrmServer({ apiKey: KEY, port: 0, ...o });
  t.after(() => server.close());
  return server;
}

function adapter(t: TestContext, baseUrl: string, o: Partial<HttpCrmOptions> = {}): HttpCrm {
  const crm = new HttpCrm({ baseUrl, apiKey: KEY, ...o });
  t.after(() => crm.close());
  return crm;
}

/** A fresh reference CRM and an adapter on it. */
async function open(t: TestContext, o: Partial<CrmServerOptions> = {}) {
  const server = await reference(t, o);
  return { server, crm: adapter(t, server.url) };
}

interface Seen {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  /** What the server behind a proxy answered (the proxy may not have passed it on). */
  answered?: { status: number; replayed: boolean };
}

/** A server of our own on port 0 that records every request; `handle` answers (or not). */
async function fakeCrm(t: TestContext, handle: (seen: Seen, res: ServerResponse, req: IncomingMessage) => void | Promise<void>) {
  const seen: Seen[] = [];
  const server = createServer(async (req, res) => {
    const s: Seen = { method: req.method ?? '', path: req.url ?? '', headers: req.headers, body: await read(req) };
    seen.push(s);
    await handle(s, res, req);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(
    () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  );
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
}

type Fault = 'pass' | 503 | 'drop';

/** A proxy to `target` that fails the requests `fault` picks: a 503, or the answer dropped after the target made it. */
function proxy(t: TestContext, target: string, fault: (seen: Seen, n: number) => Fault) {
  return fakeCrm(t, async (s, res, req) => {
    const f = fault(s, 0);
    if (f === 503) return json(res, 503, { error: { code: 'UNAVAILABLE', message: 'try later' } });
    const headers: Record<string, string> = {};
    for (const name of ['authorization', 'content-type', 'idempotency-key', 'accept']) {
      const value = s.headers[name];
      if (typeof value === 'string') headers[name] = value;
    }
    const answer = await fetch(target + s.path, { method: s.method, headers, ...(s.body ? { body: s.body } : {}) });
    const text = await answer.text();
    s.answered = { status: answer.status, replayed: answer.headers.get('idempotent-replayed') === 'true' };
    if (f === 'drop') return void req.socket.destroy(); // done there, never heard here
    res.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'application/json' }).end(text);
  });
}

function read(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

/** Asserts a CrmError of this code, its message matching. */
async function fails(p: Promise<unknown>, code: CrmErrorCode, message?: RegExp): Promise<CrmError> {
  let error: unknown;
  await assert.rejects(p, (e) => {
    error = e;
    return true;
  });
  assert.ok(error instanceof CrmError, `a CrmError, not ${String(error)}`);
  assert.equal(error.code, code, error.message);
  if (message) assert.match(error.message, message);
  return error;
}

/** A raw call to the reference server. */
async function raw(url: string, path: string, init: RequestInit & { key?: string | null } = {}) {
  const headers = new Headers(init.headers);
  if (init.key !== null) headers.set('authorization', `Bearer ${init.key ?? KEY}`);
  if (init.body !== undefined) headers.set('content-type', 'application/json');
  const res = await fetch(url + path, { ...init, headers });
  return { status: res.status, headers: res.headers, body: (await res.json()) as any };
}

const draft = (o: Record<string, unknown> = {}) => ({ firstName: 'Иван', lastName: 'Петров', patronymic: '', phones: [], email: '', address: '', storeCode: 'main', contacts: [], ...o });
const orderDraft = (customerId: string, o: Record<string, unknown> = {}) => ({
  customerId,
  storeCode: 'main',
  method: 'chat',
  type: 'retail',
  items: [{ offerId: 'p1-1', quantity: 2 }, { offerId: 'p17-1', quantity: 1 }],
  delivery: { type: 'courier', address: 'Москва, ул. Ленина, 1', date: null },
  paymentType: 'card-online',
  conversationId: 7,
  ...o,
});

/** Valid answers' records, for servers of our own that answer by hand. */
const task = () => ({ id: 't1', text: 'Позвонить', deadline: null, performerId: 'anna', customerId: null, orderId: null, completedAt: null, createdAt: 1 });
const customerShape = () => ({ id: '1', firstName: 'Иван', lastName: '', patronymic: '', phones: [], email: '', address: '', tags: [], storeCode: null, contacts: [], url: null, createdAt: 1 });

/* The HTTP side: key, timeouts, retries, schema, error mapping. */

test('the API key goes as a Bearer header on every call; the reference server answers 401 without it, and the adapter says UNAVAILABLE without the key', async (t) => {
  const { server, crm } = await open(t);
  assert.deepEqual(await crm.stores(), catalogue.stores);

  const without = await raw(server.url, '/stores', { key: null });
  assert.equal(without.status, 401);
  assert.equal(without.body.error.code, 'UNAUTHENTICATED');
  assert.equal(without.headers.get('www-authenticate'), 'Bearer');
  assert.equal((await raw(server.url, '/stores', { key: 'another' })).status, 401);
  assert.equal((await raw(server.url, '/no-such-endpoint', { key: null })).status, 401, 'nothing is told before the key');

  const wrong = new HttpCrm({ baseUrl: server.url, apiKey: 'wrong-key-77' });
  t.after(() => wrong.close());
  const e = await fails(wrong.users(), 'UNAVAILABLE', /HTTP 401.*API key/);
  assert.doesNotMatch(e.message, /wrong-key-77/);

  const recorded = await fakeCrm(t, (s, res) => json(res, s.method === 'GET' ? 200 : 201, s.method === 'GET' ? { users: [] } : { task: task() }));
  const spy = adapter(t, recorded.url);
  await spy.users();
  await spy.tasks.create({ text: 'Позвонить', deadline: null, performerId: 'anna', customerId: null, orderId: null });
  assert.deepEqual(
    recorded.seen.map((s) => s.headers.authorization),
    [`Bearer ${KEY}`, `Bearer ${KEY}`],
  );
});

test('a CRM that never answers fails with UNAVAILABLE within the timeout; with retries, within every attempt\'s timeout and the backoff', async (t) => {
  const silent = await fakeCrm(t, () => undefined);

  const once = adapter(t, silent.url, { timeoutMs: 200, retries: 0 });
  let started = performance.now();
  await fails(once.stores(), 'UNAVAILABLE', /GET \/stores: no answer within 200 ms/);
  let took = performance.now() - started;
  assert.ok(took >= 190 && took < 600, `took ${took} ms`);
  assert.equal(silent.seen.length, 1);

  const thrice = adapter(t, silent.url, { timeoutMs: 200 });
  started = performance.now();
  await fails(thrice.customers.create(draft() as never), 'UNAVAILABLE', /no answer within 200 ms/);
  took = performance.now() - started;
  // Three attempts of 200 ms, pauses of 100 and 300 ms.
  assert.ok(took >= 980 && took < 1800, `took ${took} ms`);
  const posts = silent.seen.slice(1);
  assert.equal(posts.length, 3);
  const keys = new Set(posts.map((s) => s.headers['idempotency-key']));
  assert.equal(keys.size, 1, 'one Idempotency-Key for every attempt of one call');
  assert.match([...keys][0] as string, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
});

test('a timeout fires even when the garbage collector runs while the call waits', async (t) => {
  // Node 20 collected an AbortSignal.timeout held only by AbortSignal.any: the call then hung for good.
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  const silent = await fakeCrm(t, () => undefined);
  const crm = adapter(t, silent.url, { timeoutMs: 300, retries: 1 });
  const collecting = setInterval(gc, 50);
  t.after(() => clearInterval(collecting));
  let timer: NodeJS.Timeout | undefined;
  const hung = new Promise<never>((_, reject) => (timer = setTimeout(reject, 3000, new Error('the call hung'))));
  await Promise.race([fails(crm.orders.statuses(), 'UNAVAILABLE', /no answer within 300 ms/), hung]).finally(() => clearTimeout(timer));
  assert.equal(silent.seen.length, 2);
});

test('close() ends a call under way at once, and later calls fail', async (t) => {
  const silent = await fakeCrm(t, () => undefined);
  const crm = new HttpCrm({ baseUrl: silent.url, apiKey: KEY, timeoutMs: 10_000 });
  const started = performance.now();
  const pending = crm.stores();
  await new Promise((r) => setTimeout(r, 50));
  await crm.close();
  await fails(pending, 'UNAVAILABLE', /closed/);
  assert.ok(performance.now() - started < 1000);
  await fails(crm.users(), 'UNAVAILABLE', /closed/);
});

test('a GET that fails with 503 once is tried again and succeeds; one failing every time is UNAVAILABLE after 1 + retries attempts', async (t) => {
  const { server } = await open(t);
  const front = await proxy(t, server.url, (s) => (s.path === '/stores' && front.seen.filter((x) => x.path === '/stores').length === 1 ? 503 : s.path === '/users' ? 503 : 'pass'));
  const crm = adapter(t, front.url);
  assert.deepEqual(await crm.stores(), catalogue.stores);
  assert.equal(front.seen.filter((s) => s.path === '/stores').length, 2);

  await fails(crm.users(), 'UNAVAILABLE', /GET \/users: HTTP 503/);
  assert.equal(front.seen.filter((s) => s.path === '/users').length, 3);
});

test('PATCH, merge, payment-link and complete are not tried again after a 503 (a repeat could undo or duplicate what the first did)', async (t) => {
  const { server, crm: direct } = await open(t);
  const a = await direct.customers.create(draft() as never);
  const b = await direct.customers.create(draft({ firstName: 'Пётр' }) as never);
  const order = await direct.orders.create(orderDraft(a.id) as never);
  const created = await direct.tasks.create({ text: 'Перезвонить', deadline: null, performerId: 'anna', customerId: a.id, orderId: null });
  const front = await proxy(t, server.url, (s) => (s.method === 'GET' ? 'pass' : 503));
  const crm = adapter(t, front.url);
  await fails(crm.customers.update(a.id, { firstName: 'Иоанн' }), 'UNAVAILABLE', /PATCH \/customers\/\d+: HTTP 503/);
  await fails(crm.customers.merge(a.id, b.id), 'UNAVAILABLE');
  await fails(crm.orders.paymentLink(order.id), 'UNAVAILABLE');
  await fails(crm.tasks.complete(created.id, Date.now()), 'UNAVAILABLE');
  assert.deepEqual(
    front.seen.map((s) => `${s.method} ${s.path}`),
    [`PATCH /customers/${a.id}`, `POST /customers/${a.id}/merge`, `POST /orders/${order.id}/payment-link`, `POST /tasks/${created.id}/complete`],
  );
});

test('POST /orders tried again after its answer was dropped creates one order: the same Idempotency-Key gets the first answer', async (t) => {
  const { server, crm: direct } = await open(t);
  const customer = await direct.customers.create(draft() as never);
  let dropped = 0;
  const front = await proxy(t, server.url, (s) => (s.method === 'POST' && s.path === '/orders' && dropped++ === 0 ? 'drop' : 'pass'));
  const crm = adapter(t, front.url);

  const order = await crm.orders.create(orderDraft(customer.id) as never);
  const posts = front.seen.filter((s) => s.path === '/orders');
  assert.equal(posts.length, 2, 'the dropped answer made the adapter try again');
  assert.deepEqual(posts.map((s) => s.answered), [{ status: 201, replayed: false }, { status: 201, replayed: true }]);
  assert.equal(posts[0]!.headers['idempotency-key'], posts[1]!.headers['idempotency-key']);
  assert.deepEqual(await direct.orders.ofConversations([7]), [order]);
  assert.deepEqual(await direct.orders.current(customer.id), order);

  // Another logical call is another key: a second order.
  const second = await crm.orders.create(orderDraft(customer.id) as never);
  assert.notEqual(second.id, order.id);
  assert.equal((await direct.orders.ofConversations([7])).length, 2);
});

test('orders of more than 100 conversations are asked 100 at a time and come back newest first', async (t) => {
  let clock = Date.UTC(2030, 0, 1);
  const { server, crm: direct } = await open(t, { now: () => clock++ });
  const customer = await direct.customers.create(draft() as never);
  const early = await direct.orders.create(orderDraft(customer.id, { conversationId: 5 }) as never);
  const late = await direct.orders.create(orderDraft(customer.id, { conversationId: 140 }) as never);
  const front = await proxy(t, server.url, () => 'pass');
  const crm = adapter(t, front.url);
  const ids = Array.from({ length: 150 }, (_, i) => i + 1);
  assert.deepEqual((await crm.orders.ofConversations(ids)).map((o) => o.id), [late.id, early.id]);
  assert.deepEqual(front.seen.map((s) => new URL(s.path, 'http://x').searchParams.get('conversationIds')!.split(',').length), [100, 50]);
  assert.deepEqual(await crm.orders.ofConversations([]), []);
  assert.equal(front.seen.length, 2, 'no ids, no call');
});

test('an answer that breaks the schema is UNAVAILABLE naming the endpoint and the first issue; so is one that is not JSON, a bare 404, a redirect', async (t) => {
  const target = await fakeCrm(t, (_s, res) => json(res, 200, { stores: [] }));
  const bad = await fakeCrm(t, (s, res) => {
    if (s.path === '/stores') return json(res, 200, { stores: [{ code: 'main', name: 'Обувь' }, { code: '', name: 'x' }] });
    if (s.path === '/users') return void res.writeHead(200, { 'content-type': 'application/json' }).end('<html>oops</html>');
    if (s.path.startsWith('/customers/')) return json(res, 200, { customer: { ...customerShape(), url: 'javascript:alert(1)' } });
    if (s.path === '/orders/1') return void res.writeHead(404, { 'content-type': 'text/html' }).end('<h1>Not Found</h1>');
    if (s.path === '/orders/2') return json(res, 404, { error: { code: 'CONFLICT', message: 'mixed up' } });
    if (s.path === '/order-statuses') return void res.writeHead(302, { location: `${target.url}/order-statuses` }).end();
    json(res, 200, { tasks: [{ ...task(), createdAt: -1 }] });
  });
  const crm = adapter(t, bad.url);
  await fails(crm.stores(), 'UNAVAILABLE', /GET \/stores: the answer does not match the contract at stores\.1\.code: /);
  await fails(crm.users(), 'UNAVAILABLE', /GET \/users: the answer is not JSON/);
  await fails(crm.customers.get('1'), 'UNAVAILABLE', /GET \/customers\/1: .*http or https/);
  await fails(crm.orders.get('1'), 'UNAVAILABLE', /HTTP 404 without the contract's .*base URL/);
  await fails(crm.orders.get('2'), 'UNAVAILABLE', /HTTP 404 without/);
  await fails(crm.orders.statuses(), 'UNAVAILABLE', /HTTP 302/);
  assert.equal(target.seen.length, 0, 'the redirect was not followed');
  await fails(crm.tasks.list({ customerId: '1' }), 'UNAVAILABLE', /tasks\.0\.createdAt/);
  assert.equal(bad.seen.filter((s) => s.path === '/stores').length, 1, 'a wrong answer is not asked again');
});

test('404, 409 and 400 with the error body are NOT_FOUND, CONFLICT and INVALID_PARAMS with the CRM\'s message; get of a missing record is null', async (t) => {
  const { crm } = await open(t);
  assert.equal(await crm.customers.get('999'), null);
  assert.equal(await crm.orders.get('999'), null);
  await fails(crm.customers.update('999', { firstName: 'Икс' }), 'NOT_FOUND', /^no customer 999$/);
  await fails(crm.tasks.complete('999', 1), 'NOT_FOUND', /^no task 999$/);
  await fails(crm.orders.paymentLink('999'), 'NOT_FOUND', /^no order 999$/);
  assert.deepEqual(await crm.orders.deliveryTypes('nowhere'), [], 'a store the CRM does not have (404) has none');
  assert.equal(await crm.orders.current('999'), null, 'nor a customer it does not have');
  await fails(crm.customers.create(draft({ storeCode: 'nowhere' }) as never), 'INVALID_PARAMS', /^storeCode: no store nowhere$/);

  const customer = await crm.customers.create(draft() as never);
  const cash = await crm.orders.create(orderDraft(customer.id, { paymentType: 'cash' }) as never);
  await fails(crm.orders.paymentLink(cash.id), 'CONFLICT', new RegExp(`^order ${cash.number} has nothing due online$`));
  const unpaid = await crm.orders.create(orderDraft(customer.id, { paymentType: undefined }) as never);
  await fails(crm.orders.paymentLink(unpaid.id), 'CONFLICT');
  await fails(crm.orders.create(orderDraft(customer.id, { items: [{ offerId: 'p1-1', quantity: 1 }, { offerId: 'p1-1', quantity: 2 }] }) as never), 'INVALID_PARAMS', /at most once/);
  await fails(crm.customers.merge(customer.id, customer.id), 'INVALID_PARAMS');
});

test('the base URL may have a path and a trailing slash; credentials, a query or another scheme in it are refused at construction', async (t) => {
  const under = await fakeCrm(t, (s, res) => json(res, 200, s.path === '/chatdesk/v1/stores' ? { stores: [] } : { nope: 1 }));
  assert.deepEqual(await adapter(t, `${under.url}/chatdesk/v1/`).stores(), []);
  assert.throws(() => new HttpCrm({ baseUrl: 'http://user:pw@crm.example.com', apiKey: KEY }), /credentials/);
  assert.throws(() => new HttpCrm({ baseUrl: 'ftp://crm.example.com', apiKey: KEY }), /http or https/);
  assert.throws(() => new HttpCrm({ baseUrl: 'https://crm.example.com/?a=1', apiKey: KEY }), /query/);
  assert.throws(() => new HttpCrm({ baseUrl: 'https://crm.example.com', apiKey: '' }), /API key/);
  assert.throws(() => new HttpCrm({ baseUrl: 'https://crm.example.com', apiKey: 'secret with\nnewline' }), (e: Error) => /API key/.test(e.message) && !e.message.includes('secret'));
});

/* The reference server: what it does behind the contract. */

test('reference server: product search folds case and «ё», filters, sorts by name (ru) or lowest price, and pages by an opaque cursor', async (t) => {
  const { crm } = await open(t);
  const main = catalogue.products.filter((p) => p.storeCode === 'main');
  const names = (page: { products: { name: string }[] }) => page.products.map((p) => p.name);

  const polish = await crm.products.search({ storeCode: 'main', query: 'ЧЕРНЫЙ', inStock: false, sort: 'name', order: 'asc', limit: 20 });
  assert.deepEqual(names(polish), ['Крем для обуви Salamander, чёрный']);
  assert.equal(polish.products[0]!.offers[0]!.productId, 'p17');
  assert.deepEqual(names(await crm.products.search({ storeCode: 'main', query: 'nike', inStock: false, sort: 'name', order: 'asc', limit: 20 })), ['Кроссовки Nike Air Zoom Pegasus 40']);
  assert.deepEqual(polish.categories, [...new Set(main.map((p) => p.category))].sort((a, b) => a.localeCompare(b, 'ru')));

  const seen: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await crm.products.search({ storeCode: 'main', query: '', inStock: false, sort: 'name', order: 'asc', limit: 5, ...(cursor ? { cursor } : {}) });
    assert.ok(page.products.length <= 5);
    seen.push(...names(page));
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  assert.deepEqual(seen, main.map((p) => p.name).sort((a, b) => a.localeCompare(b, 'ru')));

  const first = await crm.products.search({ storeCode: 'main', query: '', inStock: false, sort: 'name', order: 'asc', limit: 5 });
  await fails(crm.products.search({ storeCode: 'main', query: '', inStock: false, sort: 'price', order: 'asc', limit: 5, cursor: first.nextCursor! }), 'INVALID_PARAMS', /cursor/);
  await fails(crm.products.search({ storeCode: 'main', query: '', inStock: false, sort: 'name', order: 'asc', limit: 5, cursor: 'garbage' }), 'INVALID_PARAMS', /cursor/);

  const cheap = await crm.products.search({ storeCode: 'main', query: '', inStock: false, sort: 'price', order: 'desc', limit: 100, priceMax: 1000 });
  assert.deepEqual(cheap.products.map((p) => p.offers[0]!.price), [990, 490, 390, 290]);
  const inStock = await crm.products.search({ storeCode: 'main', query: 'кроссовки', inStock: true, sort: 'price', order: 'asc', limit: 100 });
  assert.deepEqual(inStock.products.map((p) => p.id), ['p3', 'p1', 'p2'], 'ASICS has none in stock');
  assert.ok(inStock.products.every((p) => p.offers.every((o) => o.stock !== 0)), 'offers out of stock are left out');
  const boots = await crm.products.search({ storeCode: 'main', query: '', category: 'Ботинки', inStock: false, sort: 'name', order: 'desc', limit: 100 });
  assert.deepEqual(boots.products.map((p) => p.id), ['p9', 'p7', 'p8']);
  await fails(crm.products.search({ storeCode: 'nowhere', query: '', inStock: false, sort: 'name', order: 'asc', limit: 5 }), 'INVALID_PARAMS', /^storeCode: no store nowhere$/);
});

test('reference server: customers are found by a name part, the email, or the phone\'s digits typed any way; ids are strings', async (t) => {
  const { crm } = await open(t);
  const ivan = await crm.customers.create(draft({ phones: ['+7 (912) 345-67-89'], email: 'ivan.petrov@mail.example' }) as never);
  const fyodor = await crm.customers.create(draft({ firstName: 'Фёдор', lastName: 'Иванов', phones: ['8 903 111 22 33'] }) as never);
  assert.equal(typeof ivan.id, 'string');
  assert.notEqual(ivan.id, fyodor.id);
  const ids = async (q: string) => (await crm.customers.search(q, 10)).map((c) => c.id);
  assert.deepEqual(await ids('федор'), [fyodor.id]);
  assert.deepEqual(await ids('ИВАН'), [ivan.id, fyodor.id], 'the name equal to the word first');
  assert.deepEqual(await ids('иван петров'), [ivan.id]);
  assert.deepEqual(await ids('8 912 345-67-89'), [ivan.id]);
  assert.deepEqual(await ids('9123456789'), [ivan.id]);
  assert.deepEqual(await ids('+7 903 111'), [fyodor.id]);
  assert.deepEqual(await ids('mail.example'), [ivan.id]);
  assert.deepEqual(await ids('никто'), []);
  assert.deepEqual(await ids(''), []);
  assert.equal((await crm.customers.search('петров', 1)).length, 1);
});

test('reference server: an order\'s number, total and payment state, its payment link, and a merge that moves what the survivor lacks', async (t) => {
  const { crm } = await open(t);
  const a = await crm.customers.create(draft({ phones: ['+7 912 000 00 01'] }) as never);
  const b = await crm.customers.create(draft({ firstName: 'Ваня', phones: ['+7 912 000 00 02'], email: 'vanya@mail.example', contacts: [{ channel: 'telegram', login: '@vanya' }] }) as never);
  const order = await crm.orders.create(orderDraft(b.id, { delivery: { type: 'courier', address: 'Москва', date: '2030-01-15' } }) as never);
  assert.match(order.number, /^\d{4}A$/);
  assert.equal(order.total, 12990 * 2 + 490 + 350);
  assert.deepEqual([order.paid, order.paymentStatus, order.status.code], [0, 'unpaid', 'new']);
  assert.deepEqual(order.payments, [{ type: 'card-online', name: 'Картой онлайн', amount: order.total, paid: false }]);
  assert.deepEqual(order.delivery, { type: 'courier', name: 'Курьер', cost: 350, address: 'Москва', date: '2030-01-15' });
  const { url } = await crm.orders.paymentLink(order.id);
  assert.match(url, new RegExp(`^https://pay\\.example\\.com/${order.id}/[A-Za-z0-9_-]{22}$`));
  assert.deepEqual(await crm.orders.paymentLink(order.id), { url }, 'the same link when asked again');

  const survivor = await crm.customers.merge(a.id, b.id);
  assert.equal(survivor.id, a.id);
  assert.equal(survivor.firstName, 'Иван', 'what the survivor has stays');
  assert.deepEqual(survivor.phones, ['+7 912 000 00 01', '+7 912 000 00 02']);
  assert.equal(survivor.email, 'vanya@mail.example');
  assert.deepEqual(survivor.contacts, [{ channel: 'telegram', login: '@vanya' }]);
  assert.equal(await crm.customers.get(b.id), null);
  assert.equal((await crm.orders.current(a.id))?.id, order.id, 'the merged one\'s orders are the survivor\'s');
  assert.equal(await crm.orders.current(b.id), null);
});

test('reference server: tasks list the open ones and those completed within a day; completing again keeps the first time', async (t) => {
  let now = Date.UTC(2030, 0, 10, 12);
  const { crm } = await open(t, { now: () => now });
  const c = await crm.customers.create(draft() as never);
  const make = (text: string, o: Record<string, unknown> = {}) => crm.tasks.create({ text, deadline: null, performerId: 'anna', customerId: c.id, orderId: null, ...o } as never);
  const later = await make('Позже', { deadline: now + 2 * DAY });
  const sooner = await make('Раньше', { deadline: now + DAY });
  const boris = await make('Борису', { performerId: 'boris' });
  const done = await make('Сделано');
  const old = await make('Давно');
  await crm.tasks.complete(old.id, now - DAY - 1);
  const completed = await crm.tasks.complete(done.id, now - 1000);
  assert.equal((await crm.tasks.complete(done.id, now)).completedAt, completed.completedAt);
  const texts = async (q: { customerId: string; performerId?: string }) => (await crm.tasks.list(q)).map((x) => x.text);
  assert.deepEqual(await texts({ customerId: c.id }), [sooner.text, later.text, boris.text, done.text]);
  assert.deepEqual(await texts({ customerId: c.id, performerId: 'boris' }), [boris.text]);
  now += DAY;
  assert.deepEqual(await texts({ customerId: c.id }), [sooner.text, later.text, boris.text]);
  await fails(crm.tasks.create({ text: 'x', deadline: null, performerId: 'nobody', customerId: null, orderId: null }), 'INVALID_PARAMS', /performerId/);
  await fails(crm.tasks.complete('999', now), 'NOT_FOUND');
});

test('reference server: requests are checked strictly, with a message naming the field', async (t) => {
  const { server } = await open(t);
  const post = (path: string, body: unknown, headers: Record<string, string> = {}) => raw(server.url, path, { method: 'POST', body: JSON.stringify(body), headers });
  const refused = async (p: ReturnType<typeof raw>, message: RegExp, status = 400) => {
    const r = await p;
    assert.equal(r.status, status, JSON.stringify(r.body));
    if (status === 400) assert.equal(r.body.error.code, 'INVALID_PARAMS');
    assert.match(r.body.error.message, message);
  };
  await refused(post('/customers', { ...draft(), nickname: 'x' }), /^nickname: is not a field of this request$/);
  await refused(post('/customers', draft({ phones: ['call me'] })), /^phones\[0\]: must be a phone number/);
  await refused(post('/customers', draft({ email: 'nope' })), /^email: /);
  await refused(post('/customers', draft({ firstName: 'x'.repeat(101) })), /^firstName: must be at most 100 characters$/);
  await refused(post('/customers', draft({ firstName: '\ud800' })), /^firstName: must be well-formed Unicode$/);
  await refused(post('/tasks', { text: '   ', performerId: 'anna' }), /^text: must not be blank$/);
  await refused(post('/orders', orderDraft('1', { delivery: { type: 'courier', date: '2030-13-01' } })), /^delivery\.date: must be a date/);
  await refused(raw(server.url, '/products?storeCode=main&limit=0'), /^limit: must be an integer from 1 to 100$/);
  await refused(raw(server.url, '/products?storeCode=main&colour=red'), /^colour: is not a field/);
  await refused(raw(server.url, '/products?storeCode=main&inStock=yes'), /^inStock: must be true or false$/);
  await refused(raw(server.url, '/orders?conversationIds=1,x'), /^conversationIds\[1\]: must be a number$/);
  await refused(raw(server.url, '/customers?query=a&query=b'), /^query: is given twice$/);
  await refused(raw(server.url, '/customers', { method: 'POST', body: '{' }), /not JSON/);
  await refused(raw(server.url, '/stores', { method: 'DELETE' }), /not allowed/, 405);

  // The same key with another body is a client's mistake, not a repeat.
  const key = { 'idempotency-key': 'k-1' };
  const first = await post('/customers', draft(), key);
  assert.equal(first.status, 201);
  const again = await post('/customers', draft(), key);
  assert.deepEqual([again.status, again.body, again.headers.get('idempotent-replayed')], [201, first.body, 'true']);
  await refused(post('/customers', draft({ firstName: 'Пётр' }), key), /another request/, 422);
  assert.equal((await post('/customers', draft(), { 'idempotency-key': 'k-2' })).body.customer.id !== first.body.customer.id, true);
});

/* The port's contract suite, as every adapter passes it: a fresh reference CRM per test. */

crmContract('http', async (t) => (await open(t)).crm);
