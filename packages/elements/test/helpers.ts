import { waitUntil } from '@open-wc/testing';
import { ChatClient } from '@chatdesk/client';
import type { Conversation } from '@chatdesk/protocol';
import type { LongConversation } from './long-conversation.js';

/** What web-test-runner.config.mjs started for this run: the real chat server, and what it seeded. */
async function runnerInfo(): Promise<{ url: string; long?: LongConversation }> {
  return (await fetch('/__chat-server')).json() as Promise<{ url: string; long?: LongConversation }>;
}

/** The real chat server's base URL. */
export async function chatServerUrl(): Promise<string> {
  return (await runnerInfo()).url;
}

/** The demo token route (the host CRM backend's part), proxied same-origin by the config. */
export function demoTokenUrl(user: string): string {
  return `/__chat/demo/token?user=${encodeURIComponent(user)}`;
}

/** A connected client of a demo user, welcomed by the real server. */
export async function connectAs(user: string): Promise<ChatClient> {
  const url = await chatServerUrl();
  const client = new ChatClient({
    url: `${url.replace(/^http/, 'ws')}/ws`,
    token: async () => ((await (await fetch(demoTokenUrl(user))).json()) as { token: string }).token,
  });
  client.connect();
  await waitUntil(() => client.store.getState().connection === 'open', `${user} should connect`, { timeout: 5000 });
  return client;
}

/**
 * The shadow-DOM element behind a `part` name. An element whose code has not arrived yet (the
 * panel's thread and composer are a lazy chunk) has no shadow root, so none of its parts: null.
 */
export function part<T extends Element = HTMLElement>(host: Element, name: string): T | null {
  return host.shadowRoot?.querySelector<T>(`[part~="${name}"]`) ?? null;
}

export function parts<T extends Element = HTMLElement>(host: Element, name: string): T[] {
  return [...(host.shadowRoot?.querySelectorAll<T>(`[part~="${name}"]`) ?? [])];
}

/** A conversation entity for store-level tests of the list. */
export function conversation(id: number, over: Partial<Conversation> = {}): Conversation {
  const at = Date.now() - id * 60_000;
  return {
    id,
    channel: { id: 1, kind: 'web', name: 'Web chat' },
    customer: { id: 100 + id, name: `Customer ${id}` },
    status: 'open',
    assigneeId: null,
    lastMessage: { id: id * 10, author: { kind: 'customer', id: String(100 + id), name: `Customer ${id}` }, text: `Hello ${id}`, createdAt: at },
    lastActivityAt: at,
    createdAt: at - 60_000,
    waitingSince: null,
    ...over,
  };
}

/** A new anonymous shop visitor, connected through the real visitor-token route. */
export async function connectVisitor(): Promise<ChatClient> {
  const url = await chatServerUrl();
  const response = await fetch(`${url}/api/visitor/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: '{}',
  });
  const { token } = (await response.json()) as { token: string };
  const client = new ChatClient({ url: `${url.replace(/^http/, 'ws')}/ws`, token });
  client.connect();
  await waitUntil(() => client.store.getState().connection === 'open', 'the visitor should connect', { timeout: 5000 });
  return client;
}

/** The 10,000-message conversation the runner seeded before the tests (long-conversation.ts). */
export async function longConversation(): Promise<LongConversation> {
  const { long } = await runnerInfo();
  if (!long) throw new Error('the test runner did not seed the long conversation (the files named left the thread tests out)');
  return long;
}

/**
 * Assigns a conversation through an admin's real call: new conversations are distributed round
 * robin among the managers online at that moment (S-SET-4), so a test that needs one manager to
 * see a visitor's conversation says so.
 */
export async function assignTo(conversationId: number, assigneeId: string): Promise<void> {
  const admin = await connectAs('olga');
  try {
    await admin.call('conversations.assign', { conversationId, assigneeId });
  } finally {
    admin.close();
  }
}

/**
 * A `storage-key` for a `<chat-consultant>` that must start as a new visitor. Other test files run
 * alongside on this origin and share its localStorage: clearing it would log their visitors out.
 */
export function freshVisitorKey(): string {
  return `chatdesk.test-visitor.${Date.now()}.${Math.random().toString(36).slice(2)}`;
}
