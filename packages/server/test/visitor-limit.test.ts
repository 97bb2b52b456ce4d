import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer } from '../src/testing.js';

async function create(url: string, body: object = {}): Promise<Response> {
  return fetch(`${url}/api/visitor/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
}

test('S-CH-1: new anonymous visitors are limited per address, the 429 says when to retry (Retry-After); refreshing a kept token is not', async (t) => {
  const server = await startTestServer({ visitorCreateLimit: { perMinute: 1, burst: 3 } });
  t.after(() => server.close());
  const first = await create(server.url);
  assert.equal(first.status, 200);
  const { token, customerId } = (await first.json()) as { token: string; customerId: number };
  assert.equal((await create(server.url)).status, 200);
  assert.equal((await create(server.url)).status, 200);
  const refused = await create(server.url);
  assert.equal(refused.status, 429);
  // One a minute: the next new visitor is possible in about 60 s, said in the header and the body.
  const retryAfter = Number(refused.headers.get('retry-after'));
  assert.ok(retryAfter >= 55 && retryAfter <= 60, `Retry-After: ${retryAfter}`);
  const error = ((await refused.json()) as { error: { code: string; message: string; details: { retryAfterMs: number } } }).error;
  assert.equal(error.code, 'RATE_LIMITED');
  assert.ok(error.message.length > 0);
  assert.ok(Math.abs(error.details.retryAfterMs - retryAfter * 1000) <= 1000);
  // The widget that kept its token still gets a fresh one for the same customer.
  const refreshed = await create(server.url, { token });
  assert.equal(refreshed.status, 200);
  assert.equal(((await refreshed.json()) as { customerId: number }).customerId, customerId);
});
