/**
 * The 1M-message dataset as a stream of rows (or SMALL, the same shape scaled down, for
 * `--quick`), one generator for both adapters: the SQLite cache (dataset.ts) and the PostgreSQL
 * one (pg-big.ts) hold the same rows with the same ids, so their figures compare the adapters on
 * the same data. Rows come in dependency order (users, channels, customers, conversations,
 * messages, read cursors) and in id order within each; the PRNG is seeded, so the data is the
 * same on every machine. Changing anything here changes both caches: bump their generator
 * versions.
 */
import { rng } from './stats.js';
import { personName, sentence } from './words.js';

/** How large a dataset is; `label` names it in figure titles. */
export interface DatasetSize {
  readonly conversations: number;
  readonly messages: number;
  readonly managers: number;
  readonly label: string;
}

export const BIG = { conversations: 100_000, messages: 1_000_000, managers: 50, label: '1M msgs' } as const satisfies DatasetSize;
/**
 * `--quick`'s dataset: a thirtieth of BIG's rows over the same year, so the open/closed share,
 * thread lengths and messages per conversation come out alike (and ≥ 200 open web conversations
 * remain for the ingest's senders).
 */
export const SMALL = { conversations: 3_000, messages: 30_000, managers: 50, label: '30k msgs' } as const satisfies DatasetSize;
/** BIG's span: one message every 30 s. Smaller datasets spread over the same time. */
const SPAN_MS = BIG.messages * 30_000;
/** Messages not sent to an old thread go to one of the newest RECENT conversations (scaled to smaller datasets). */
const RECENT = 3_000;

/** One row of the dataset, in the first schema's shape (both caches derive the later columns). */
export type BigRow =
  | { table: 'user'; id: string; name: string; rights: string; at: number }
  | { table: 'channel'; id: number; kind: string; name: string; at: number }
  | { table: 'customer'; id: number; name: string; channelId: number; at: number }
  | {
      table: 'conversation';
      id: number;
      channelId: number;
      customerId: number;
      status: 'open' | 'closed';
      assignee: string | null;
      lastMessageId: number;
      lastAt: number;
      createdAt: number;
    }
  | {
      table: 'message';
      id: number;
      conversationId: number;
      authorKind: 'customer' | 'manager';
      authorId: string;
      authorName: string;
      text: string;
      clientMessageId: string;
      createdAt: number;
    }
  /** A manager's read cursor, as the message id read up to. */
  | { table: 'cursor'; userKey: string; conversationId: number; lastReadMessageId: number };

/**
 * The dataset, row by row (a generator, so a consumer may await between rows); the newest
 * message is a minute old at `end`.
 */
export function* generateBig(end = Date.now() - 60_000, size: DatasetSize = BIG): Generator<BigRow> {
  const rand = rng(20240601);
  const nC = size.conversations;
  const nM = size.messages;
  const step = SPAN_MS / nM;
  const recent = Math.round((RECENT * nC) / BIG.conversations);
  const start = end - nM * step;
  const managers = Array.from({ length: size.managers }, (_, i) => `m${i + 1}`);

  // Which conversation each message goes to: every 10th message opens the next conversation,
  // the rest go to one already open, skewed towards older ones (a few threads grow long).
  const convOf = new Int32Array(nM);
  let started = 0;
  for (let i = 0; i < nM; i++) {
    if (i % 10 === 0 && started < nC) convOf[i] = ++started;
    else {
      const u = rand();
      convOf[i] = rand() < 0.5 ? 1 + Math.floor(started * u * u) : Math.max(1, started - Math.floor(u * recent));
    }
  }
  const first = new Int32Array(nC + 1);
  const last = new Int32Array(nC + 1);
  const lastManagerMsg = new Int32Array(nC + 1);
  for (let i = 0; i < nM; i++) {
    const c = convOf[i] as number;
    if (first[c] === 0) first[c] = i + 1;
    last[c] = i + 1;
  }
  const assignee: (string | null)[] = new Array(nC + 1).fill(null);
  const customerName: string[] = new Array(nC + 1).fill('');
  const channelOf = new Int8Array(nC + 1);

  for (const m of managers) yield { table: 'user', id: m, name: personName(rand), rights: '["chats"]', at: start };
  yield { table: 'user', id: 'chatadmin', name: 'Вера Чатова', rights: '["chats","chat_admin"]', at: start };
  yield { table: 'channel', id: 1, kind: 'web', name: 'Website', at: start };
  yield { table: 'channel', id: 2, kind: 'telegram', name: 'Telegram', at: start };
  for (let c = 1; c <= nC; c++) {
    channelOf[c] = c % 5 === 0 ? 2 : 1;
    assignee[c] = rand() < 0.05 ? null : (managers[Math.floor(rand() * managers.length)] as string);
    customerName[c] = personName(rand);
    const created = start + ((first[c] as number) - 1) * step;
    yield { table: 'customer', id: c, name: customerName[c] as string, channelId: channelOf[c] as number, at: created };
  }
  for (let c = 1; c <= nC; c++) {
    const created = start + ((first[c] as number) - 1) * step;
    const lastAt = start + ((last[c] as number) - 1) * step;
    const status = end - lastAt < 14 * 24 * 3600_000 ? 'open' : 'closed';
    yield { table: 'conversation', id: c, channelId: channelOf[c] as number, customerId: c, status, assignee: assignee[c] ?? null, lastMessageId: last[c] as number, lastAt, createdAt: created };
  }
  for (let i = 0; i < nM; i++) {
    const c = convOf[i] as number;
    const id = i + 1;
    const a = assignee[c] ?? null;
    const byManager = a !== null && id !== first[c] && rand() < 0.45;
    if (byManager) lastManagerMsg[c] = id;
    yield {
      table: 'message',
      id,
      conversationId: c,
      authorKind: byManager ? 'manager' : 'customer',
      authorId: byManager ? a : String(c),
      authorName: byManager ? a : (customerName[c] as string),
      text: sentence(rand),
      clientMessageId: `b${id.toString(36)}`,
      createdAt: start + i * step,
    };
  }
  for (let c = 1; c <= nC; c++) {
    const a = assignee[c];
    if (a === null || a === undefined) continue;
    const readTo = rand() < 0.6 ? (last[c] as number) : (lastManagerMsg[c] as number);
    if (readTo > 0) yield { table: 'cursor', userKey: `u:${a}`, conversationId: c, lastReadMessageId: readTo };
  }
}
