/**
 * The CRM port over a host CRM's REST contract (README, "CRM contract (host CRM over HTTP)";
 * the reference server is examples/crm/server.ts). Every answer is checked with the protocol's
 * schemas before the chat sees it: a CRM that answers something else is UNAVAILABLE, the same as
 * one that is down, and the message says which endpoint and which field.
 */
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import * as v from 'valibot';
import {
  CrmCustomer,
  CrmOrder,
  CrmProduct,
  CrmStore,
  CrmTask,
  CrmUser,
  DeliveryType,
  OrderStatus,
  PaymentType,
  ProductPage,
  type CustomerDraft,
  type CustomerPatch,
  type OrderDraft,
  type ProductQuery,
  type TaskDraft,
} from '@chatdesk/protocol';
import { CrmError, type CrmAdapter, type CrmErrorCode } from '../../ports/crm.js';

export interface HttpCrmOptions {
  /** Where the contract's paths start, e.g. `https://crm.example.com/chatdesk/v1`. */
  baseUrl: string;
  /** Sent as `Authorization: Bearer <apiKey>`; never logged nor put in an error. */
  apiKey: string;
  /** How long one attempt may take, answer read included (default 5000 ms). */
  timeoutMs?: number;
  /** How many more attempts a call that is safe to repeat gets (default 2). */
  retries?: number;
  /** Tests pass their own; the global one otherwise. */
  fetch?: typeof globalThis.fetch;
}

/** Pauses before the first and second retry (and any after). */
const BACKOFF_MS = [100, 300] as const;
/** A ProductPage of 100 products with 200 offers each stays well under this. */
const MAX_ANSWER_BYTES = 16 * 1024 * 1024;
/** The contract's bound on `GET /orders?conversationIds=`: more are asked in several calls. */
const MAX_IDS_PER_CALL = 100;
/** A CRM's error message reaches a manager's screen: a page of it would not help. */
const MAX_MESSAGE_CHARS = 500;

const CODE_BY_STATUS: Partial<Record<number, CrmErrorCode>> = { 400: 'INVALID_PARAMS', 404: 'NOT_FOUND', 409: 'CONFLICT' };
const ErrorAnswer = v.object({ error: v.object({ code: v.string(), message: v.string() }) });

/*
 * What each endpoint answers. The protocol's `v.url()` takes any scheme; the widgets put these
 * URLs in links, so a `javascript:` one from a CRM is refused here.
 */
const webUrl = (url: string) => /^https?:\/\//i.test(url);
const isWebUrl = (url: string | null) => url === null || webUrl(url);
const webUrls = 'URLs must be http(s)';
const Customer = v.pipe(CrmCustomer, v.check((c) => isWebUrl(c.url), webUrls));
const Order = v.pipe(CrmOrder, v.check((o) => isWebUrl(o.url), webUrls));
const Page = v.pipe(
  ProductPage,
  v.check((p) => p.products.every((x: CrmProduct) => isWebUrl(x.url) && isWebUrl(x.image)), webUrls),
);
const Answers = {
  stores: v.object({ stores: v.array(CrmStore) }),
  users: v.object({ users: v.array(CrmUser) }),
  customer: v.object({ customer: Customer }),
  product: v.object({ product: v.pipe(CrmProduct, v.check((x) => isWebUrl(x.url) && isWebUrl(x.image), webUrls)) }),
  customers: v.object({ customers: v.array(Customer) }),
  order: v.object({ order: Order }),
  maybeOrder: v.object({ order: v.nullable(Order) }),
  orders: v.object({ orders: v.array(Order) }),
  link: v.object({ url: v.pipe(v.string(), v.url(), v.check(webUrl, webUrls)) }),
  deliveryTypes: v.object({ deliveryTypes: v.array(DeliveryType) }),
  paymentTypes: v.object({ paymentTypes: v.array(PaymentType) }),
  statuses: v.object({ statuses: v.array(OrderStatus) }),
  task: v.object({ task: CrmTask }),
  tasks: v.object({ tasks: v.array(CrmTask) }),
};

/**
 * Which calls are tried again after a network error, a timeout or a 5xx — when the first attempt
 * may have been done without us hearing so:
 * - `read`: GETs change nothing;
 * - `keyed`: the creating POSTs carry one Idempotency-Key for all attempts, and the CRM answers
 *   a repeat with the first answer;
 * - `once`: the rest. A PATCH repeated later could overwrite a colleague's edit made meanwhile;
 *   a merge that was done answers its repeat NOT_FOUND (the merged customer is gone), so a
 *   success would show as a failure; a payment link may open a new payment session each time; a
 *   completion repeated could be refused as already done. The contract gives these no key, so
 *   the manager sees the failure and decides.
 */
type Retry = 'read' | 'keyed' | 'once';

interface Call<S extends v.GenericSchema> {
  method: 'GET' | 'POST' | 'PATCH';
  /** Under the base URL, ids already encoded (`seg`). */
  path: string;
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
  answer: S;
  retry: Retry;
  /** A `keyed` call's Idempotency-Key when the caller keeps one across calls; else a new one per call. */
  key?: string;
}

/** One attempt: the status and text of an answer, or why there was none. */
type Attempt = { status: number; text: string } | { failed: string };

const seg = encodeURIComponent;

export class HttpCrm implements CrmAdapter {
  private readonly base: string;
  private readonly apiKey: string;
  private readonly timeoutMs: number;
  private readonly retries: number;
  private readonly fetch: typeof globalThis.fetch;
  /** Aborted by close(): calls under way end at once, later ones fail. */
  private readonly closing = new AbortController();

  constructor(o: HttpCrmOptions) {
    this.base = checkBaseUrl(o.baseUrl);
    // Checked here: fetch's complaint about a bad header value would quote the key.
    if (!/^[\x21-\x7e]+$/.test(o.apiKey)) throw new Error('HttpCrm: the API key must be visible ASCII characters, at least one');
    this.apiKey = o.apiKey;
    this.timeoutMs = o.timeoutMs ?? 5000;
    this.retries = o.retries ?? 2;
    if (!Number.isSafeInteger(this.timeoutMs) || this.timeoutMs < 1) throw new Error('HttpCrm: timeoutMs must be a positive integer');
    if (!Number.isSafeInteger(this.retries) || this.retries < 0 || this.retries > 10) throw new Error('HttpCrm: retries must be 0–10');
    this.fetch = o.fetch ?? globalThis.fetch;
  }

  async stores() {
    return (await this.call({ method: 'GET', path: '/stores', answer: Answers.stores, retry: 'read' })).stores;
  }

  async users() {
    return (await this.call({ method: 'GET', path: '/users', answer: Answers.users, retry: 'read' })).users;
  }

  readonly customers: CrmAdapter['customers'] = {
    get: (id) => orNull(this.call({ method: 'GET', path: `/customers/${seg(id)}`, answer: Answers.customer, retry: 'read' }).then((a) => a.customer)),
    search: async (query, limit) => {
      const { customers } = await this.call({ method: 'GET', path: '/customers', query: { query, limit }, answer: Answers.customers, retry: 'read' });
      return customers.slice(0, limit); // the port promises at most `limit`, whatever the CRM does
    },
    create: async (draft: CustomerDraft, opts?: { idempotencyKey?: string }) =>
      (await this.call({ method: 'POST', path: '/customers', body: draft, answer: Answers.customer, retry: 'keyed', ...(opts?.idempotencyKey ? { key: opts.idempotencyKey } : {}) })).customer,
    update: async (id, patch: CustomerPatch) =>
      (await this.call({ method: 'PATCH', path: `/customers/${seg(id)}`, body: patch, answer: Answers.customer, retry: 'once' })).customer,
    merge: async (survivorId, mergedId) =>
      (await this.call({ method: 'POST', path: `/customers/${seg(survivorId)}/merge`, body: { mergedId }, answer: Answers.customer, retry: 'once' }))
        .customer,
  };

  readonly products: CrmAdapter['products'] = {
    search: (q: ProductQuery) => this.call({ method: 'GET', path: '/products', query: productQuery(q), answer: Page, retry: 'read' }),
    ofOffer: (storeCode, offerId) =>
      orNull(this.call({ method: 'GET', path: `/offers/${seg(offerId)}/product`, query: { storeCode }, answer: Answers.product, retry: 'read' }).then((a) => a.product)),
  };

  readonly orders: CrmAdapter['orders'] = {
    get: (id) => orNull(this.call({ method: 'GET', path: `/orders/${seg(id)}`, answer: Answers.order, retry: 'read' }).then((a) => a.order)),
    // A customer the CRM does not have (404) has no current order.
    current: (customerId) =>
      orNull(this.call({ method: 'GET', path: `/customers/${seg(customerId)}/current-order`, answer: Answers.maybeOrder, retry: 'read' }).then((a) => a.order)),
    ofConversations: async (ids) => {
      const batches: number[][] = [];
      for (let i = 0; i < ids.length; i += MAX_IDS_PER_CALL) batches.push(ids.slice(i, i + MAX_IDS_PER_CALL));
      const answers = await Promise.all(
        batches.map((batch) => this.call({ method: 'GET', path: '/orders', query: { conversationIds: batch.join(',') }, answer: Answers.orders, retry: 'read' })),
      );
      // Each batch is newest first; together they are sorted again (stable: a batch's order stays within a millisecond).
      return answers.flatMap((a) => a.orders).sort((a, b) => b.createdAt - a.createdAt);
    },
    create: async (draft: OrderDraft) => (await this.call({ method: 'POST', path: '/orders', body: draft, answer: Answers.order, retry: 'keyed' })).order,
    paymentLink: (id) => this.call({ method: 'POST', path: `/orders/${seg(id)}/payment-link`, answer: Answers.link, retry: 'once' }),
    // A store the CRM does not have (404) has none.
    deliveryTypes: async (code) =>
      (await orNull(this.call({ method: 'GET', path: `/stores/${seg(code)}/delivery-types`, answer: Answers.deliveryTypes, retry: 'read' })))?.deliveryTypes ?? [],
    paymentTypes: async (code) =>
      (await orNull(this.call({ method: 'GET', path: `/stores/${seg(code)}/payment-types`, answer: Answers.paymentTypes, retry: 'read' })))?.paymentTypes ?? [],
    statuses: async () => (await this.call({ method: 'GET', path: '/order-statuses', answer: Answers.statuses, retry: 'read' })).statuses,
  };

  readonly tasks: CrmAdapter['tasks'] = {
    list: async (q) => (await this.call({ method: 'GET', path: '/tasks', query: q, answer: Answers.tasks, retry: 'read' })).tasks,
    create: async (draft: TaskDraft) => (await this.call({ method: 'POST', path: '/tasks', body: draft, answer: Answers.task, retry: 'keyed' })).task,
    complete: async (id, at) => (await this.call({ method: 'POST', path: `/tasks/${seg(id)}/complete`, body: { at }, answer: Answers.task, retry: 'once' })).task,
  };

  async close(): Promise<void> {
    this.closing.abort();
  }

  /** One call of the contract: its attempts, then its answer checked, or a CrmError. */
  private async call<S extends v.GenericSchema>(c: Call<S>): Promise<v.InferOutput<S>> {
    // The path without its query names the call in errors: a search query is a customer's data.
    const what = `${c.method} ${c.path}`;
    const init = this.request(c);
    const url = this.url(c);
    const attempts = c.retry === 'once' ? 1 : this.retries + 1;
    for (let attempt = 1; ; attempt++) {
      if (this.closing.signal.aborted) throw new CrmError('UNAVAILABLE', `CRM ${what}: the CRM adapter is closed`);
      const outcome = await this.attempt(url, init);
      const transient = 'failed' in outcome || outcome.status >= 500;
      if (!transient || attempt >= attempts) return answer(what, outcome, c.answer);
      await sleep(BACKOFF_MS[attempt - 1] ?? BACKOFF_MS[BACKOFF_MS.length - 1], undefined, { signal: this.closing.signal }).catch(() => undefined);
    }
  }

  /** What every attempt of a call sends: one Idempotency-Key for all of them. */
  private request(c: Call<v.GenericSchema>): RequestInit {
    const headers: Record<string, string> = { authorization: `Bearer ${this.apiKey}`, accept: 'application/json' };
    if (c.body !== undefined) headers['content-type'] = 'application/json';
    if (c.retry === 'keyed') headers['idempotency-key'] = c.key ?? randomUUID();
    // A redirect is not followed: the base URL should be the final one, and a key must not travel.
    return { method: c.method, headers, redirect: 'manual', ...(c.body === undefined ? {} : { body: JSON.stringify(c.body) }) };
  }

  private url(c: Call<v.GenericSchema>): string {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(c.query ?? {})) if (value !== undefined) params.set(key, String(value));
    const query = params.toString();
    return `${this.base}${c.path}${query ? `?${query}` : ''}`;
  }

  private async attempt(url: string, init: RequestInit): Promise<Attempt> {
    // `timeout` is read after the await on purpose: AbortSignal.any holds its sources weakly, and
    // Node lets a timeout signal nobody holds be collected before it fires (the call then hung).
    const timeout = AbortSignal.timeout(this.timeoutMs);
    const signal = AbortSignal.any([timeout, this.closing.signal]);
    try {
      const res = await this.fetch(url, { ...init, signal });
      return { status: res.status, text: await readText(res) };
    } catch (e) {
      if (this.closing.signal.aborted) return { failed: 'the CRM adapter is closed' };
      if (timeout.aborted) return { failed: `no answer within ${this.timeoutMs} ms` };
      if (e instanceof TooLarge) return { failed: e.message };
      return { failed: `not reachable (${networkReason(e)})` };
    }
  }
}

/** The call's result from its last attempt: the checked answer, or the CrmError it comes to. */
function answer<S extends v.GenericSchema>(what: string, outcome: Attempt, schema: S): v.InferOutput<S> {
  if ('failed' in outcome) throw new CrmError('UNAVAILABLE', `CRM ${what}: ${outcome.failed}`);
  const { status, text } = outcome;
  if (status >= 200 && status < 300) return checked(what, text, schema);
  const code = CODE_BY_STATUS[status];
  if (code) throw refusal(what, status, code, text);
  if (status === 401 || status === 403) throw new CrmError('UNAVAILABLE', `CRM ${what}: HTTP ${status}, the CRM refused the API key`);
  throw new CrmError('UNAVAILABLE', `CRM ${what}: HTTP ${status}`);
}

function checked<S extends v.GenericSchema>(what: string, text: string, schema: S): v.InferOutput<S> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new CrmError('UNAVAILABLE', `CRM ${what}: the answer is not JSON`);
  }
  const result = v.safeParse(schema, json);
  if (result.success) return result.output;
  const issue = result.issues[0];
  const at = v.getDotPath(issue) ?? '(the answer)';
  throw new CrmError('UNAVAILABLE', `CRM ${what}: the answer does not match the contract at ${at}: ${issue.message}`);
}

/**
 * 400, 404 and 409 are the CRM's refusals only with the contract's error body of the same code:
 * a bare 404 is more likely a wrong base URL (or a proxy) than a missing record, and taking it
 * for one would make every customer look deleted.
 */
function refusal(what: string, status: number, code: CrmErrorCode, text: string): CrmError {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  const body = v.safeParse(ErrorAnswer, json);
  if (!body.success || body.output.error.code !== code) {
    return new CrmError('UNAVAILABLE', `CRM ${what}: HTTP ${status} without the contract's {"error":{"code":"${code}",…}} (is the base URL right?)`);
  }
  return new CrmError(code, body.output.error.message.slice(0, MAX_MESSAGE_CHARS));
}

/** A record the CRM does not have (404 NOT_FOUND) is null, not an error. */
async function orNull<T>(p: Promise<T>): Promise<T | null> {
  try {
    return await p;
  } catch (e) {
    if (e instanceof CrmError && e.code === 'NOT_FOUND') return null;
    throw e;
  }
}

/** The query string of GET /products: defaults sent too, so the CRM need not know them. */
function productQuery(q: ProductQuery): Call<v.GenericSchema>['query'] {
  return {
    storeCode: q.storeCode,
    query: q.query || undefined,
    category: q.category,
    priceMin: q.priceMin,
    priceMax: q.priceMax,
    inStock: q.inStock,
    sort: q.sort,
    order: q.order,
    limit: q.limit,
    cursor: q.cursor,
  };
}

class TooLarge extends Error {}

/** The answer's text, up to MAX_ANSWER_BYTES: a CRM gone wrong must not fill our memory. */
async function readText(res: Response): Promise<string> {
  if (!res.body) return '';
  if (Number(res.headers.get('content-length')) > MAX_ANSWER_BYTES) {
    await res.body.cancel();
    throw new TooLarge(`the answer is over ${MAX_ANSWER_BYTES} bytes`);
  }
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_ANSWER_BYTES) {
      await reader.cancel();
      throw new TooLarge(`the answer is over ${MAX_ANSWER_BYTES} bytes`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** fetch's TypeError says only "fetch failed"; the cause has the system's code (ECONNREFUSED …). */
function networkReason(e: unknown): string {
  const cause = e instanceof Error ? (e.cause as { code?: unknown; message?: unknown } | undefined) : undefined;
  if (typeof cause?.code === 'string') return cause.code;
  return e instanceof Error ? e.message : String(e);
}

/** The base URL without a trailing slash; http(s) only, and no credentials in it (the key is the credential). */
function checkBaseUrl(baseUrl: string): string {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw new Error('HttpCrm: baseUrl is not a URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('HttpCrm: baseUrl must be http or https');
  if (url.username || url.password) throw new Error('HttpCrm: baseUrl must not hold credentials (the API key is sent as a header)');
  if (url.search || url.hash) throw new Error('HttpCrm: baseUrl must not have a query or fragment');
  return url.href.replace(/\/+$/, '');
}
