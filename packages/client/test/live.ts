// Helpers of the client tests that run against a real server.
import WebSocket from 'ws';
import type { TestServer } from '@chatdesk/server/testing';
import { ChatClient, type ChatState } from '../src/index.js';

export function clientFor(server: TestServer, token: () => string | Promise<string>): ChatClient {
  return new ChatClient({
    url: server.wsUrl,
    token,
    WebSocket: WebSocket as never,
    origin: server.origin,
    reconnectBaseMs: 50,
    reconnectMaxMs: 400,
  });
}

/** Resolves with the first state that passes `test`. */
export function until(client: ChatClient, test: (s: ChatState) => boolean, timeoutMs = 5_000): Promise<ChatState> {
  return new Promise((resolve, reject) => {
    if (test(client.state)) return resolve(client.state);
    const timer = setTimeout(() => {
      off();
      reject(new Error(`state condition not met; connection=${client.state.connection}`));
    }, timeoutMs);
    const off = client.store.subscribe((s) => {
      if (!test(s)) return;
      clearTimeout(timer);
      off();
      resolve(s);
    });
  });
}

/** A connected client, closed when the test ends. */
export async function connected(t: { after(fn: () => void): void }, server: TestServer, token: () => string | Promise<string>): Promise<ChatClient> {
  const client = clientFor(server, token);
  t.after(() => client.close());
  client.connect();
  await until(client, (s) => s.connection === 'open');
  return client;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Resolves once the client's state has not changed for `quietMs` (late events have landed). */
export function settle(client: ChatClient, quietMs = 250): Promise<void> {
  return new Promise((resolve) => {
    let timer = setTimeout(done, quietMs);
    const off = client.store.subscribe(() => {
      clearTimeout(timer);
      timer = setTimeout(done, quietMs);
    });
    function done() {
      off();
      resolve();
    }
  });
}
