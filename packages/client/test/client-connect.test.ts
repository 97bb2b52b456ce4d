// A connection attempt the server never answers (a restarting or swamped server that took the TCP
// connection but not the upgrade) is dropped after connectTimeoutMs and tried again.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Socket } from 'node:net';
import WebSocket from 'ws';
import { ChatClient } from '../src/index.js';
import { sleep } from './live.js';

test('an upgrade that is never answered is dropped after connectTimeoutMs and tried again, instead of hanging', async (t) => {
  const sockets: Socket[] = [];
  let upgrades = 0;
  // Takes TCP, never answers HTTP; counts the WebSocket upgrades (the client's origin check is a plain GET).
  const silent = createServer((socket) => {
    sockets.push(socket);
    socket.once('data', (d) => {
      if (/upgrade: websocket/i.test(String(d))) upgrades++;
    });
  });
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  t.after(() => {
    for (const s of sockets) s.destroy();
    silent.close();
  });
  const { port } = silent.address() as { port: number };
  const client = new ChatClient({
    url: `ws://127.0.0.1:${port}/ws`,
    token: 'unused',
    WebSocket: WebSocket as never,
    origin: 'http://example.test',
    connectTimeoutMs: 200,
    reconnectBaseMs: 20,
    reconnectMaxMs: 40,
  });
  t.after(() => client.close());
  client.connect();
  await sleep(1_000);
  assert.ok(upgrades >= 3, `upgrade attempts: ${upgrades}`);
  assert.equal(client.state.connection, 'reconnecting');
});
