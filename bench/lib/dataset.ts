/**
 * The databases the bench runs on, written with direct SQL into the server's schema as its first
 * migration left it; the server's migration runner creates the tables and then brings the data
 * up to date (backfilling what later migrations add), so nothing here copies its SQL.
 *
 * - `ensureBigDb()`: 100,000 conversations and 1,000,000 messages (Russian and English, from
 *   big-generator.ts, which the PostgreSQL cache shares), generated once into bench/.cache/ in
 *   one transaction with prepared statements, with a contentless FTS5 table (unicode61, ё folded
 *   to е) that the search figure queries. Under `--quick`, the same generator's SMALL dataset
 *   (3,000 conversations, 30,000 messages), cached the same way under its own file name.
 * - `seedSmall()`: small databases for the live figures (assigned conversations, a long thread).
 */
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import Database from 'better-sqlite3';
import { dropStat4Samples, migrate, openDatabase, type Db } from '../../packages/server/src/adapters/sqlite/db.js';
import { CACHE_DIR, ROOT_DIR } from './proc.js';
import { BIG, generateBig as generateRows, SMALL, type DatasetSize } from './big-generator.js';
import { scale } from './quick.js';
import { log, rng } from './stats.js';
import { personName, sentence } from './words.js';

export { BIG };
/** Bump when the generator (or SMALL) changes: the cached databases are rebuilt. */
const GENERATOR_VERSION = 3; // 3: without sqlite_stat4's samples, as the server opens it
/** The dataset the figures run on: its `label` goes into their titles. */
export const DATASET: DatasetSize = scale<DatasetSize>(BIG, SMALL);

export interface BigMeta {
  version: number;
  migrations: string[];
  file: string;
  generatedMs: number;
  managers: string[];
  /** Open web conversations with their customer: senders for the ingest figure. */
  senders: { customerId: number; channelId: number; conversationId: number }[];
  /** Conversations with at least 120 messages, with their assignee (for message pages). */
  longConversations: { id: number; assignee: string | null; minId: number; maxId: number }[];
}

const MIGRATIONS_DIR = join(ROOT_DIR, 'packages/server/src/adapters/sqlite/migrations');

/** bench/.cache/chat-1m.sqlite (and its .json), chat-30k.sqlite…: one cache per size. */
function cacheFiles(size: DatasetSize): { db: string; meta: string } {
  const name = size.messages >= 1e6 ? `chat-${size.messages / 1e6}m` : `chat-${size.messages / 1e3}k`;
  return { db: join(CACHE_DIR, `${name}.sqlite`), meta: join(CACHE_DIR, `${name}.json`) };
}

function migrationList(): string[] {
  return readdirSync(MIGRATIONS_DIR).filter((f) => /^\d+_.+\.sql$/.test(f)).sort();
}

/** Speeds up a bulk load: no journal, no fsync, a big cache; back to WAL on `finishBulk`. */
function startBulk(db: Db): void {
  db.pragma('journal_mode = DELETE');
  db.pragma('synchronous = OFF');
  db.pragma('foreign_keys = OFF');
  db.pragma('cache_size = -400000');
}

function finishBulk(db: Db): void {
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
}

function prepareInserts(db: Db) {
  return {
    user: db.prepare('INSERT INTO users (id, name, rights, updated_at) VALUES (?, ?, ?, ?)'),
    channel: db.prepare('INSERT INTO channels (id, kind, name, created_at) VALUES (?, ?, ?, ?)'),
    customer: db.prepare('INSERT INTO customers (id, name, channel_id, created_at) VALUES (?, ?, ?, ?)'),
    conversation: db.prepare(`INSERT INTO conversations (id, channel_id, customer_id, status, assignee_id, last_message_id,
      last_activity_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`),
    message: db.prepare(`INSERT INTO messages (id, conversation_id, author_kind, author_id, author_name, text,
      client_message_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`),
    cursor: db.prepare('INSERT INTO read_cursors (user_key, conversation_id, last_read_message_id) VALUES (?, ?, ?)'),
  };
}

function generateBig(file: string, size: DatasetSize): void {
  const t0 = performance.now();
  rmSync(file, { force: true });
  rmSync(`${file}-wal`, { force: true });
  rmSync(`${file}-shm`, { force: true });
  const db = openDatabase(file, { migrateThrough: 1 });
  startBulk(db);
  const ins = prepareInserts(db);
  db.transaction(() => {
    for (const r of generateRows(undefined, size)) {
      if (r.table === 'user') ins.user.run(r.id, r.name, r.rights, r.at);
      else if (r.table === 'channel') ins.channel.run(r.id, r.kind, r.name, r.at);
      else if (r.table === 'customer') ins.customer.run(r.id, r.name, r.channelId, r.at);
      else if (r.table === 'conversation') ins.conversation.run(r.id, r.channelId, r.customerId, r.status, r.assignee, r.lastMessageId, r.lastAt, r.createdAt);
      else if (r.table === 'message') ins.message.run(r.id, r.conversationId, r.authorKind, r.authorId, r.authorName, r.text, r.clientMessageId, r.createdAt);
      else ins.cursor.run(r.userKey, r.conversationId, r.lastReadMessageId);
    }
  })();
  log(`  dataset: ${size.messages.toLocaleString('en-US')} messages written in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  migrateLogged(db);
  // The server's own migrations (004) build and fill its search index over the messages.
  db.exec('ANALYZE');
  // As the server leaves it when it opens the file (adapters/sqlite/db.ts).
  dropStat4Samples(db);
  finishBulk(db);
  db.close();
}

function readBigMeta(file: string): Omit<BigMeta, 'file' | 'generatedMs'> {
  const db = new Database(file, { readonly: true });
  try {
    const senders = db
      .prepare(`SELECT id AS conversationId, customer_id AS customerId, channel_id AS channelId FROM conversations
        WHERE status = 'open' AND channel_id = 1 ORDER BY id DESC LIMIT 1000`)
      .all() as BigMeta['senders'];
    const longConversations = db
      .prepare(`SELECT c.id, c.assignee_id AS assignee, min(m.id) AS minId, max(m.id) AS maxId FROM conversations c
        JOIN messages m ON m.conversation_id = c.id GROUP BY c.id HAVING count(*) >= 120 ORDER BY c.id LIMIT 400`)
      .all() as BigMeta['longConversations'];
    const managers = (db.prepare(`SELECT id FROM users WHERE rights = '["chats"]' ORDER BY id`).all() as { id: string }[]).map(
      (r) => r.id,
    );
    return { version: GENERATOR_VERSION, migrations: migrationList(), managers, senders, longConversations };
  } finally {
    db.close();
  }
}

/** Runs the server's pending migrations on a bulk-loaded database and logs how long they took. */
function migrateLogged(db: Db): void {
  const t = performance.now();
  migrate(db);
  log(`  dataset: migrations brought the data up to date in ${((performance.now() - t) / 1000).toFixed(1)} s`);
}

/**
 * The cached dataset (1M messages; SMALL under --quick): generated when missing or stale, migrated
 * when new migrations exist; never written by figures.
 */
export function ensureBigDb(size: DatasetSize = DATASET): BigMeta {
  mkdirSync(CACHE_DIR, { recursive: true });
  const { db: file, meta: metaFile } = cacheFiles(size);
  if (existsSync(file) && existsSync(metaFile)) {
    const meta = JSON.parse(readFileSync(metaFile, 'utf8')) as BigMeta;
    const current = migrationList();
    if (meta.version === GENERATOR_VERSION && meta.migrations.join() === current.join()) return { ...meta, file };
    // New migrations only: run them on the cached database (as a server upgrade would).
    if (meta.version === GENERATOR_VERSION && meta.migrations.every((m, i) => current[i] === m)) {
      log(`  dataset: migrating the cached database (${current.slice(meta.migrations.length).join(', ')})`);
      const db = openDatabase(file, { migrateThrough: 0 });
      migrateLogged(db);
      db.exec('ANALYZE');
      dropStat4Samples(db);
      db.pragma('wal_checkpoint(TRUNCATE)');
      db.close();
      const next: BigMeta = { ...meta, migrations: current, file };
      writeFileSync(metaFile, JSON.stringify(next));
      return next;
    }
  }
  log(`  dataset: generating ${size.messages.toLocaleString('en-US')} messages / ${size.conversations.toLocaleString('en-US')} conversations (once; cached in bench/.cache/)`);
  const t0 = performance.now();
  const tmp = `${file}.tmp`;
  generateBig(tmp, size);
  rmSync(`${file}-wal`, { force: true });
  rmSync(`${file}-shm`, { force: true });
  renameSync(tmp, file);
  const generatedMs = performance.now() - t0;
  const meta: BigMeta = { ...readBigMeta(file), file, generatedMs };
  writeFileSync(metaFile, JSON.stringify(meta));
  log(`  dataset: ready in ${(generatedMs / 1000).toFixed(1)} s`);
  return meta;
}

/** A private copy of the big database for a figure that writes (the cache stays pristine). */
export function copyBigDb(meta: BigMeta, dir: string): string {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${basename(meta.file, '.sqlite')}-copy.sqlite`);
  copyFileSync(meta.file, file);
  return file;
}

export interface SmallSpec {
  /** Managers m1..mN, each with one open web conversation assigned (customer i ↔ manager i). */
  pairs?: number;
  /** Users with chat_admin (see every conversation): admin1..adminN. */
  admins?: number;
  /** Plain managers with no conversation of their own: manager1..managerN. */
  plainManagers?: number;
  /** Open web conversations assigned to nobody (every plain manager sees them), one message each. */
  unassigned?: number;
  /** One conversation assigned to m1 with this many messages (the browser's long thread). */
  longThread?: number;
  /** Other conversations for m1's list, a few messages each. */
  extraConversations?: number;
}

export interface SmallInfo {
  /** customer id = conversation id = pair index (1-based); channel 1 is the web channel. */
  pairs: number;
  longThreadId: number | null;
}

/** A small database for the live figures, written directly into the server's schema. */
export function seedSmall(file: string, spec: SmallSpec): SmallInfo {
  const db = openDatabase(file, { migrateThrough: 1 });
  startBulk(db);
  const ins = prepareInserts(db);
  const rand = rng(7);
  const now = Date.now();
  const pairs = spec.pairs ?? 0;
  let longThreadId: number | null = null;
  db.transaction(() => {
    ins.channel.run(1, 'web', 'Website', now - 86_400_000);
    const managers = Math.max(pairs, spec.longThread || spec.extraConversations ? 1 : 0);
    for (let i = 1; i <= managers; i++) ins.user.run(`m${i}`, `Менеджер ${i}`, '["chats"]', now);
    for (let i = 1; i <= (spec.admins ?? 0); i++) ins.user.run(`admin${i}`, `Админ ${i}`, '["chats","chat_admin"]', now);
    for (let i = 1; i <= (spec.plainManagers ?? 0); i++) ins.user.run(`manager${i}`, `Менеджер ${i}`, '["chats"]', now);
    let msgId = 0;
    let conv = 0;
    const conversation = (assignee: string | null, messages: number, at: number) => {
      const c = ++conv;
      ins.customer.run(c, personName(rand), 1, at);
      ins.conversation.run(c, 1, c, 'open', assignee, null, at, at);
      let lastAt = at;
      for (let k = 0; k < messages; k++) {
        const byManager = assignee !== null && k % 3 === 2;
        lastAt = at + k * 1000;
        ins.message.run(++msgId, c, byManager ? 'manager' : 'customer', byManager ? assignee : String(c),
          byManager ? assignee : 'Клиент', sentence(rand), `s${msgId}`, lastAt);
      }
      db.prepare('UPDATE conversations SET last_message_id = ?, last_activity_at = ? WHERE id = ?').run(
        messages ? msgId : null, lastAt, c);
      return c;
    };
    for (let i = 1; i <= pairs; i++) conversation(`m${i}`, 1, now - 3_600_000);
    for (let i = 0; i < (spec.unassigned ?? 0); i++) conversation(null, 1, now - 3_600_000);
    if (spec.longThread) longThreadId = conversation('m1', spec.longThread, now - spec.longThread * 1000 - 60_000);
    for (let i = 0; i < (spec.extraConversations ?? 0); i++) conversation('m1', 3, now - 7_200_000 - i * 60_000);
  })();
  migrate(db);
  finishBulk(db);
  db.close();
  return { pairs, longThreadId };
}
