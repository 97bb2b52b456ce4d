/**
 * The 1M-message dataset as a running server's file holds it: its analytics rollups folded up to
 * its last message. Figures that start a server on the dataset use it, or the server's analytics
 * job would spend their measured seconds folding a million-message backlog (10,000 messages a
 * second), which no server that has been running does.
 */
import { copyFileSync, existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { openDatabase } from '../../packages/server/src/adapters/sqlite/db.js';
import { Repo } from '../../packages/server/src/adapters/sqlite/repo.js';
import { SqliteStorage } from '../../packages/server/src/adapters/sqlite/sqlite-storage.js';
import { foldAll } from './analytics-calls.js';
import type { BigMeta } from './dataset.js';
import { CACHE_DIR } from './proc.js';
import { log } from './stats.js';

/** Bump when the fold changes what it writes: the folded copy is made again. */
export const FOLD_VERSION = 5;

export interface Folded {
  file: string;
  version: number;
  migrations: string[];
  messages: number;
  ms: number;
  at: string;
}

/**
 * The dataset with its rollups folded, cached beside it (folding 1M messages takes about two
 * minutes): made again when the dataset, its migrations or the fold change. Never written after.
 */
export async function ensureFolded(meta: BigMeta): Promise<Folded> {
  const file = join(CACHE_DIR, `${basename(meta.file, '.sqlite')}-analytics.sqlite`);
  const metaFile = `${file}.json`;
  if (existsSync(file) && existsSync(metaFile)) {
    const cached = JSON.parse(readFileSync(metaFile, 'utf8')) as Folded;
    if (cached.version === FOLD_VERSION && cached.migrations.join() === meta.migrations.join()) return { ...cached, file };
  }
  log('  analytics: folding the dataset\'s messages into the rollups (once; cached in bench/.cache/)');
  const tmp = `${file}.tmp`;
  copyFileSync(meta.file, tmp);
  // The server's own opening: its pragmas, and the analytics migrations.
  const writer = openDatabase(tmp);
  const { messages, ms } = await foldAll(new SqliteStorage(new Repo(writer)));
  writer.pragma('wal_checkpoint(TRUNCATE)');
  writer.close();
  renameSync(tmp, file);
  const folded: Folded = { file, version: FOLD_VERSION, migrations: meta.migrations, messages, ms, at: new Date().toISOString().slice(0, 10) };
  writeFileSync(metaFile, JSON.stringify(folded));
  return folded;
}

