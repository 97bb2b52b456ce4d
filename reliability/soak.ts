// `npm run soak`: the full reliability suite against the real server process. Prints what was
// tried and what held, per guarantee. Every loop is bounded in count and time.
// `npm run soak -- G1 G4` runs some; `--quick` uses the numbers of the quick run in npm test;
// `--cluster` runs the guarantees that concern several nodes (G1–G4, G12) against three nodes on PostgreSQL.
import { g1ClusterQuick, g1Full, g1Quick, g1Resume } from './guarantees/g1-resume.js';
import { g2ClusterQuick, g2ExactlyOnce, g2Full, g2Quick } from './guarantees/g2-exactly-once.js';
import { g3ClusterQuick, g3Full, g3Order, g3Quick } from './guarantees/g3-order.js';
import { g4AckStored, g4ClusterFull, g4ClusterQuick, g4Full, g4Quick } from './guarantees/g4-ack-stored.js';
import { g5Full, g5Liveness, g5Quick } from './guarantees/g5-liveness.js';
import { g6Full, g6Quick, g6SlowConsumer } from './guarantees/g6-slow-consumer.js';
import { g7Full, g7Hostile, g7Quick } from './guarantees/g7-hostile.js';
import { g9Access, g9Full, g9Quick } from './guarantees/g9-access.js';
import { g8Full, g8Quick, g8Webhooks } from './guarantees/g8-webhooks.js';
import { g10Full, g10HostileFiles, g10Quick } from './guarantees/g10-hostile-files.js';
import { g11Full, g11Quick, g11ReconnectStorm } from './guarantees/g11-reconnect-storm.js';
import { g12DatabaseRestart, g12Full, g12Quick } from './guarantees/g12-database-restart.js';
import { g13Full, g13Quick, g13TemplateBombs } from './guarantees/g13-template-bombs.js';
import { checks } from './checks.js';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const cluster = args.includes('--cluster');
const only = args.filter((a) => !a.startsWith('--')).map((a) => a.toUpperCase());
const onCluster: Array<[string, () => Promise<{ line: string }>]> = [
  ['G1', () => g1Resume({ ...(quick ? g1ClusterQuick : g1Full), cluster })],
  ['G2', () => g2ExactlyOnce({ ...(quick ? g2ClusterQuick : g2Full), cluster })],
  ['G3', () => g3Order({ ...(quick ? g3ClusterQuick : g3Full), cluster })],
  ['G4', () => g4AckStored({ ...(quick ? g4ClusterQuick : g4ClusterFull), cluster })],
  ['G12', () => g12DatabaseRestart(quick ? g12Quick : g12Full)],
];
const suite: Array<[string, () => Promise<{ line: string }>]> = cluster ? onCluster : [
  ['G1', () => g1Resume(quick ? g1Quick : g1Full)],
  ['G2', () => g2ExactlyOnce(quick ? g2Quick : g2Full)],
  ['G3', () => g3Order(quick ? g3Quick : g3Full)],
  ['G4', () => g4AckStored(quick ? g4Quick : g4Full)],
  ['G5', () => g5Liveness(quick ? g5Quick : g5Full)],
  ['G6', () => g6SlowConsumer(quick ? g6Quick : g6Full)],
  ['G7', () => g7Hostile(quick ? g7Quick : g7Full)],
  ['G8', () => g8Webhooks(quick ? g8Quick : g8Full)],
  ['G9', () => g9Access(quick ? g9Quick : g9Full)],
  ['G10', () => g10HostileFiles(quick ? g10Quick : g10Full)],
  ['G11', () => g11ReconnectStorm(quick ? g11Quick : g11Full)],
  ['G13', () => g13TemplateBombs(quick ? g13Quick : g13Full)],
];

let failed = 0;
const started = Date.now();
console.log(`Chatdesk reliability soak — ${new Date().toISOString()} — node ${process.version}${cluster ? ' — three nodes on PostgreSQL' : ''}\n`);
for (const [name, run] of suite) {
  if (only.length && !only.includes(name)) continue;
  const t = Date.now();
  try {
    const result = await run();
    const problems = checks[name as keyof typeof checks](result as never);
    console.log(`${problems.length ? 'FAIL' : 'ok  '} ${result.line} [${((Date.now() - t) / 1000).toFixed(1)} s]`);
    for (const p of problems) console.log(`     ✗ ${p}`);
    if (problems.length) failed++;
  } catch (error) {
    failed++;
    console.log(`FAIL ${name}: ${(error as Error).stack ?? error}`);
  }
}
if (!cluster) console.log(`\nG10's other half (script injection in rendered text) runs in Chromium with the browser tests: npm run test:browser.`);
console.log(`${failed ? `${failed} guarantee(s) failed` : 'all guarantees held'} in ${((Date.now() - started) / 1000).toFixed(0)} s`);
process.exit(failed ? 1 : 0);
