/**
 * A reference server of the CRM contract (README, "CRM contract (host CRM over HTTP)"): what a
 * host CRM implements so that Chatdesk's chat reads and writes its customers, products, orders
 * and tasks (S-W-CUST, S-W-PROD, S-W-ORD, S-W-TASK). One endpoint per method of the chat's CRM
 * port, JSON in and out, `Authorization: Bearer <api key>` on every call, errors as
 * `{error: {code, message}}` with 400, 404 or 409, and an `Idempotency-Key` on the three creating
 * POSTs, answered again with the first answer.
 *
 * The data is in memory: the catalogue from a JSON file, customers, orders and tasks from empty.
 * Read it as a specification that runs; port it to your CRM's language.
 *
 *   CRM_API_KEY=… node --conditions=source --import tsx examples/crm/server.ts
 *   (PORT, default 8082; HOST, default 127.0.0.1; CRM_CATALOGUE, a catalogue JSON file)
 *   then start the chat server with --crm-url http://127.0.0.1:8082 --crm-key …
 *
 * Only Node built-ins: an outside integrator has nothing of ours to import.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as c from './check.js';
import { Crm, Refused, type Catalogue } from './crm.js';

export interface CrmServerOptions {
  /** 0 (the default): any free port. */
  port?: number;
  host?: string;
  /** What every call must bear as `Authorization: Bearer <apiKey>`. */
  apiKey: string;
  /** The catalogue JSON file (default: the demo's, packages/server/src/demo/crm-catalogue.json). */
  catalogue?: string;
  /** The clock, in ms since the epoch (tests move it). */
  now?: () => number;
}

export interface CrmServer {
  url: string;
  close(): Promise<void>;
}

export const DEFAULT_CATALOGUE = fileURLToPath(new URL('../../packages/server/src/demo/crm-catalogue.json', import.meta.url));

/** A body is a draft or a patch: a megabyte is far more than any. */
const MAX_BODY_BYTES = 1024 * 1024;
/** How long an Idempotency-Key is remembered: longer than any client retries. */
const KEY_KEPT_MS = 24 * 60 * 60 * 1000;

/** An answer other than 2xx, as `{error: {code, message}}`. */
class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const CODE_BY_STATUS = { 400: 'INVALID_PARAMS', 404: 'NOT_FOUND', 409: 'CONFLICT' } as const;

interface Request {
  params: string[];
  query: URLSearchParams;
  body: unknown;
}
interface Answer {
  status: number;
  body: unknown;
}
interface Route {
  method: 'GET' | 'POST' | 'PATCH';
  /** Path segments; `:` marks one taken as a parameter (an id or a store code). */
  path: string;
  /** The request has a JSON body (checked by the handler). */
  body?: boolean;
  /** An Idempotency-Key makes a repeat answer with the first answer instead of creating again. */
  keyed?: boolean;
  handle(r: Request): Answer;
}

/* The shapes of the requests (Chatdesk's CustomerDraft, CustomerPatch, OrderDraft, TaskDraft). */

const customerDraft = c.object({
  firstName: c.name,
  lastName: c.optional(c.name, ''),
  patronymic: c.optional(c.name, ''),
  phones: c.optional(c.array(c.phone, 5), []),
  email: c.optional(c.email, ''),
  address: c.optional(c.text(500), ''),
  storeCode: c.nullable(c.storeCode),
  contacts: c.optional(c.array(c.contact, 20), []),
});

const customerPatch = c.object({
  firstName: c.optional(c.name, undefined),
  lastName: c.optional(c.name, undefined),
  patronymic: c.optional(c.name, undefined),
  phones: c.optional(c.array(c.phone, 5), undefined),
  email: c.optional(c.email, undefined),
  address: c.optional(c.text(500), undefined),
  tags: c.optional(c.array(c.tag, 2), undefined),
});

const orderDraft = c.object({
  customerId: c.crmId,
  storeCode: c.storeCode,
  method: c.text(64),
  type: c.text(64),
  items: c.array(c.object({ offerId: c.crmId, quantity: c.integer(1, 10_000) }), 100, 1),
  delivery: c.object({ type: c.text(64), address: c.optional(c.text(500), ''), date: c.optional(c.nullable(c.isoDate), null) }),
  paymentType: c.optional(c.text(64), undefined),
  conversationId: c.optional(c.nullable(c.conversationId), null),
});

const taskDraft = c.object({
  text: c.nonBlank(c.text(1000)),
  deadline: c.optional(c.nullable(c.timestamp), null),
  performerId: c.userId,
  customerId: c.optional(c.nullable(c.crmId), null),
  orderId: c.optional(c.nullable(c.crmId), null),
});

const productQuery = {
  storeCode: c.storeCode,
  query: c.optional(c.text(200), ''),
  category: c.optional(c.text(200), undefined),
  priceMin: c.optional(c.numeric(c.money), undefined),
  priceMax: c.optional(c.numeric(c.money), undefined),
  inStock: c.optional(c.flag, false),
  sort: c.optional(c.oneOf(['name', 'price']), 'name'),
  order: c.optional(c.oneOf(['asc', 'desc']), 'asc'),
  limit: c.optional(c.numeric(c.integer(1, 100)), 20),
  cursor: c.optional(c.text(200), undefined),
};

const ok = (body: unknown): Answer => ({ status: 200, body });
const created = (body: unknown): Answer => ({ status: 201, body });

function routes(crm: Crm): Route[] {
  const id = (r: Request, i = 0) => c.crmId(r.params[i], 'id');
  const code = (r: Request) => c.storeCode(r.params[0], 'code');
  return [
    { method: 'GET', path: 'stores', handle: () => ok({ stores: crm.stores() }) },
    { method: 'GET', path: 'users', handle: () => ok({ users: crm.users() }) },
    { method: 'GET', path: 'order-statuses', handle: () => ok({ statuses: crm.statuses() }) },
    { method: 'GET', path: 'stores/:/delivery-types', handle: (r) => ok({ deliveryTypes: crm.deliveryTypes(code(r)) }) },
    { method: 'GET', path: 'stores/:/payment-types', handle: (r) => ok({ paymentTypes: crm.paymentTypes(code(r)) }) },
    {
      method: 'GET',
      path: 'customers',
      handle: (r) => {
        const q = c.query(r.query, { query: c.text(200), limit: c.optional(c.numeric(c.integer(1, 100)), 20) });
        return ok({ customers: crm.searchCustomers(q.query, q.limit) });
      },
    },
    { method: 'POST', path: 'customers', body: true, keyed: true, handle: (r) => created({ customer: crm.createCustomer(customerDraft(r.body, '')) }) },
    { method: 'GET', path: 'customers/:', handle: (r) => ok({ customer: crm.customer(id(r)) }) },
    { method: 'PATCH', path: 'customers/:', body: true, handle: (r) => ok({ customer: crm.updateCustomer(id(r), customerPatch(r.body, '')) }) },
    {
      method: 'POST',
      path: 'customers/:/merge',
      body: true,
      handle: (r) => ok({ customer: crm.mergeCustomers(id(r), c.object({ mergedId: c.crmId })(r.body, '').mergedId) }),
    },
    { method: 'GET', path: 'customers/:/current-order', handle: (r) => ok({ order: crm.currentOrder(id(r)) }) },
    { method: 'GET', path: 'offers/:/product', handle: (r) => ok({ product: crm.productOfOffer(id(r), c.query(r.query, { storeCode: c.storeCode }).storeCode) }) },
    { method: 'GET', path: 'products', handle: (r) => ok(crm.searchProducts(c.query(r.query, productQuery))) },
    {
      method: 'GET',
      path: 'orders',
      handle: (r) => ok({ orders: crm.ordersOfConversations(c.query(r.query, { conversationIds: c.list(c.numeric(c.conversationId), 100) }).conversationIds) }),
    },
    { method: 'POST', path: 'orders', body: true, keyed: true, handle: (r) => created({ order: crm.createOrder(orderDraft(r.body, '')) }) },
    { method: 'GET', path: 'orders/:', handle: (r) => ok({ order: crm.order(id(r)) }) },
    { method: 'POST', path: 'orders/:/payment-link', handle: (r) => ok({ url: crm.paymentLink(id(r)) }) },
    {
      method: 'GET',
      path: 'tasks',
      handle: (r) => ok({ tasks: crm.listTasks(c.query(r.query, { customerId: c.crmId, performerId: c.optional(c.userId, undefined) })) }),
    },
    { method: 'POST', path: 'tasks', body: true, keyed: true, handle: (r) => created({ task: crm.createTask(taskDraft(r.body, '')) }) },
    { method: 'POST', path: 'tasks/:/complete', body: true, handle: (r) => ok({ task: crm.completeTask(id(r), c.object({ at: c.timestamp })(r.body, '').at) }) },
  ];
}

/** The route for a path, with its parameters; 404 for no path, 405 for a path without that method. */
function findRoute(table: Route[], method: string, pathname: string): { route: Route; params: string[] } {
  const segments = pathname.split('/').slice(1);
  let allowed: string[] = [];
  for (const route of table) {
    const pattern = route.path.split('/');
    if (pattern.length !== segments.length || !pattern.every((p, i) => p === ':' || p === segments[i])) continue;
    const params = segments.filter((_, i) => pattern[i] === ':').map(decodeSegment);
    if (route.method === method) return { route, params };
    allowed = [...allowed, route.method];
  }
  if (allowed.length) throw new HttpError(405, 'METHOD_NOT_ALLOWED', `${method} is not allowed here (${allowed.join(', ')})`);
  throw new HttpError(404, 'NOT_FOUND', `no endpoint ${method} ${pathname}`);
}

function decodeSegment(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    throw new HttpError(400, 'INVALID_PARAMS', 'the path is not valid percent-encoding');
  }
}

/** The first answer to each Idempotency-Key (per endpoint), and what it answered. */
class IdempotencyKeys {
  private readonly answers = new Map<string, { at: number; request: string; answer: Answer }>();

  constructor(private readonly now: () => number) {}

  /** The remembered answer for a repeat; 422 when the key was used for another request (a client's bug). */
  replay(slot: string, request: string): Answer | undefined {
    this.prune();
    const kept = this.answers.get(slot);
    if (!kept) return undefined;
    if (kept.request !== request) throw new HttpError(422, 'INVALID_PARAMS', 'this Idempotency-Key was used with another request');
    return kept.answer;
  }

  remember(slot: string, request: string, answer: Answer): void {
    this.answers.set(slot, { at: this.now(), request, answer });
  }

  private prune(): void {
    const before = this.now() - KEY_KEPT_MS;
    for (const [slot, kept] of this.answers) if (kept.at < before) this.answers.delete(slot);
  }
}

export async function startCrmServer(o: CrmServerOptions): Promise<CrmServer> {
  if (!o.apiKey) throw new Error('an API key is needed');
  const now = o.now ?? Date.now;
  const crm = new Crm(loadCatalogue(o.catalogue ?? DEFAULT_CATALOGUE), now);
  const table = routes(crm);
  const keys = new IdempotencyKeys(now);
  const expectedKey = digest(o.apiKey);
  const host = o.host ?? '127.0.0.1';

  async function onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!authorized(req.headers.authorization, expectedKey)) {
      res.setHeader('www-authenticate', 'Bearer');
      throw new HttpError(401, 'UNAUTHENTICATED', 'a valid API key is needed: Authorization: Bearer <key>');
    }
    const url = new URL(req.url ?? '/', 'http://crm');
    const { route, params } = findRoute(table, req.method ?? '', url.pathname);
    const raw = await readBody(req);
    const body = route.body ? parseJson(raw, req.headers['content-type']) : noBody(raw);
    const key = route.keyed ? idempotencyKey(req.headers['idempotency-key']) : undefined;
    const slot = `${route.method} ${url.pathname} ${key}`;
    const request = digest(raw).toString('base64');
    const replayed = key === undefined ? undefined : keys.replay(slot, request);
    if (replayed) {
      res.setHeader('idempotent-replayed', 'true');
      return send(res, replayed.status, replayed.body);
    }
    const answer = answerOf(() => route.handle({ params, query: url.searchParams, body }));
    // Refusals are remembered too: a repeat must not succeed where the first did not, or the reverse.
    if (key !== undefined) keys.remember(slot, request, answer);
    send(res, answer.status, answer.body);
  }

  const server = createServer((req, res) => {
    onRequest(req, res).catch((e: unknown) => {
      if (e instanceof HttpError) return send(res, e.status, { error: { code: e.code, message: e.message } });
      console.error('[crm]', e instanceof Error ? e.stack : e);
      send(res, 500, { error: { code: 'INTERNAL', message: 'internal error' } });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port ?? 0, host, () => resolve());
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('unexpected server address');
  const shownHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${shownHost}:${address.port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections(); // the chat's keep-alive sockets would hold close()
      }),
  };
}

/** A handler's answer, or its refusal as the contract's error answer (which an Idempotency-Key remembers too). */
function answerOf(handle: () => Answer): Answer {
  try {
    return handle();
  } catch (e) {
    if (e instanceof c.Invalid) return { status: 400, body: { error: { code: 'INVALID_PARAMS', message: e.message } } };
    if (e instanceof Refused) return { status: e.status, body: { error: { code: CODE_BY_STATUS[e.status], message: e.message } } };
    throw e;
  }
}

const digest = (s: string) => createHash('sha256').update(s).digest();

/** Compared as digests in constant time: how long the check takes says nothing about the key. */
function authorized(header: string | undefined, expected: Buffer): boolean {
  const match = /^Bearer (\S+)$/i.exec(header ?? '');
  return match !== null && timingSafeEqual(digest(match[1]!), expected);
}

function idempotencyKey(header: string | string[] | undefined): string | undefined {
  if (header === undefined) return undefined; // optional: without one, a repeat creates again
  if (typeof header !== 'string' || !/^[\x21-\x7e]{1,255}$/.test(header)) throw new HttpError(400, 'INVALID_PARAMS', 'Idempotency-Key: must be 1–255 visible ASCII characters');
  return header;
}

function parseJson(raw: string, contentType: string | undefined): unknown {
  if (!/^application\/json\s*(;|$)/i.test(contentType ?? '')) throw new HttpError(400, 'INVALID_PARAMS', 'content-type: must be application/json');
  try {
    return JSON.parse(raw);
  } catch {
    throw new HttpError(400, 'INVALID_PARAMS', 'the body is not JSON');
  }
}

/** An endpoint that takes no body accepts none, or `{}` (what many HTTP clients send on a bare POST). */
function noBody(raw: string): undefined {
  if (raw.trim() !== '' && raw.trim() !== '{}') throw new HttpError(400, 'INVALID_PARAMS', 'this endpoint takes no body');
  return undefined;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new HttpError(413, 'LIMIT_EXCEEDED', `the body is over ${MAX_BODY_BYTES} bytes`));
        req.destroy();
      } else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, status: number, body: unknown): void {
  if (res.headersSent) return;
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

/* The catalogue file, checked on start: what the server answers must pass the chat's schemas. */

const httpUrl = c.nullable(c.matching(c.text(2048), /^https?:\/\/\S+$/, 'an http(s) URL'));
const catalogueFile = c.object({
  stores: c.array(c.object({ code: c.storeCode, name: c.text(200) }), 1000, 1),
  products: c.array(
    c.object({
      id: c.crmId,
      storeCode: c.storeCode,
      name: c.text(300),
      category: c.text(200),
      image: httpUrl,
      url: httpUrl,
      offers: c.array(
        c.object({
          id: c.crmId,
          name: c.text(300),
          article: c.text(64),
          price: c.money,
          currency: c.matching(c.text(3), /^[A-Z]{3}$/, 'an ISO 4217 code'),
          stock: c.nullable(c.integer(0)),
        }),
        200,
        1,
      ),
    }),
    100_000,
  ),
  deliveryTypes: byStore(c.object({ code: c.text(64), name: c.text(200), cost: c.money })),
  paymentTypes: byStore(c.object({ code: c.text(64), name: c.text(200), online: c.boolean })),
  statuses: c.array(c.object({ code: c.text(64), name: c.text(200), final: c.boolean }), 100, 1),
  users: c.array(c.object({ id: c.userId, name: c.text(200) }), 10_000),
});

/** `{storeCode: [item, …]}`. */
function byStore<T>(item: c.Check<T>): c.Check<Record<string, T[]>> {
  return (value, at) => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new c.Invalid(`${at}: must be an object of store codes`);
    return Object.fromEntries(Object.entries(value).map(([code, items]) => [code, c.array(item, 100)(items, `${at}.${code}`)]));
  };
}

export function loadCatalogue(file: string): Catalogue {
  try {
    return catalogueFile(JSON.parse(readFileSync(file, 'utf8')), '') as Catalogue;
  } catch (e) {
    throw new Error(`the catalogue ${file}: ${(e as Error).message}`);
  }
}

// Run directly: a CRM for the chat server's --crm-url, with the demo catalogue.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const apiKey = process.env['CRM_API_KEY'];
  if (!apiKey) {
    console.error('Set CRM_API_KEY: the key the chat server sends (its --crm-key).');
    process.exit(2);
  }
  const server = await startCrmServer({
    apiKey,
    port: Number(process.env['PORT'] ?? 8082),
    host: process.env['HOST'] ?? '127.0.0.1',
    ...(process.env['CRM_CATALOGUE'] ? { catalogue: process.env['CRM_CATALOGUE'] } : {}),
  });
  console.log(`Reference CRM: ${server.url} (chat server: --crm-url ${server.url} --crm-key <CRM_API_KEY>)`);
  const stop = () => void server.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
