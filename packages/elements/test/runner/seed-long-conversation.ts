/**
 * Seeds the long conversation (../long-conversation.ts) through the server's real send path,
 * from Node before the browser starts: a visitor's sockets send it (at most 290 a session, under
 * the 300-frame burst), then an admin assigns it to Anna. Runs in the test runner's process.
 */
import WebSocket from 'ws';
import { LONG_COUNT, longText, type LongConversation } from '../long-conversation.ts';

interface Frame {
  type: string;
  id?: number;
  result?: { message?: { conversationId: number } };
  error?: unknown;
}

/** One session: hello, `calls` answered in order, then closed. Resolves to the results. */
function session(server: string, origin: string, token: string, calls: { method: string; params: object }[]): Promise<Frame[]> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${server.replace(/^http/, 'ws')}/ws`, { origin });
    const results: Frame[] = [];
    ws.on('error', reject);
    ws.on('close', (code) => results.length < calls.length && reject(new Error(`seed socket closed: ${code}`)));
    ws.on('open', () => ws.send(JSON.stringify({ type: 'hello', token })));
    ws.on('message', (data) => {
      const frame = JSON.parse(String(data)) as Frame;
      if (frame.type === 'welcome') calls.forEach((c, k) => ws.send(JSON.stringify({ type: 'call', id: k + 1, ...c })));
      else if (frame.type === 'error' && frame.id !== undefined) reject(new Error(`seed call failed: ${JSON.stringify(frame.error)}`));
      else if (frame.type === 'result' && frame.id !== undefined) {
        results[frame.id - 1] = frame;
        if (results.filter(Boolean).length === calls.length) {
          ws.close();
          resolve(results);
        }
      }
    });
  });
}

export async function seedLongConversation(server: string, origin: string): Promise<LongConversation> {
  const response = await fetch(`${server}/api/visitor/token`, { method: 'POST', headers: { 'content-type': 'application/json', origin }, body: '{}' });
  const { token } = (await response.json()) as { token: string };
  const send = (i: number, conversationId?: number) => ({
    method: 'messages.send',
    params: { clientMessageId: `seed-${i}`, text: longText(i), ...(conversationId === undefined ? {} : { conversationId }) },
  });
  const [first] = await session(server, origin, token, [send(0)]);
  const conversationId = first!.result!.message!.conversationId;
  // Round robin may have given it to anyone online (nobody is, yet): Anna's, as the tests expect.
  const staff = (await (await fetch(`${server}/demo/token?user=olga`)).json()) as { token: string };
  await session(server, origin, staff.token, [{ method: 'conversations.assign', params: { conversationId, assigneeId: 'anna' } }]);
  for (let sent = 1; sent < LONG_COUNT; sent += 290) {
    const n = Math.min(290, LONG_COUNT - sent);
    await session(server, origin, token, Array.from({ length: n }, (_, k) => send(sent + k, conversationId)));
  }
  return { conversationId, token };
}
