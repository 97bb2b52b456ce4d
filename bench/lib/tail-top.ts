/**
 * What the latency figure's slow messages met in our server (files written under BENCH_DUMP, see
 * latency.ts): messages over a threshold are grouped into bursts of slowness, and each burst is
 * matched with the server's GC pauses and long event-loop turns around it, with the CPU the server
 * process used in those turns (little CPU in a long turn: the thread waited, not worked).
 *   BENCH_DUMP=/tmp/lat npm run bench -- latency
 *   node --import tsx bench/lib/tail-top.ts /tmp/lat [threshold ms, default 1.5 × the echo's p99]
 */
import { readFileSync } from 'node:fs';

type Sample = [sentAtEpochMs: number, latencyMs: number];
type ServerEvent = [kind: string, startEpochMs: number, ms: number, cpuMs?: number, systemMs?: number];

const prefix = process.argv[2];
if (!prefix) {
  console.error('usage: tail-top.ts DUMP_PREFIX [THRESHOLD_MS]');
  process.exit(2);
}
const read = <T>(name: string): T => JSON.parse(readFileSync(`${prefix}-${name}.json`, 'utf8')) as T;
const ours = read<Sample[]>('ours').sort((a, b) => a[0] - b[0]);
const echo = read<Sample[]>('raw').map((s) => s[1]).sort((a, b) => a - b);
const server = read<ServerEvent[]>('ours-server');
const p99 = (xs: number[]) => xs[Math.floor(xs.length * 0.99)] ?? Number.NaN;
const threshold = Number(process.argv[3] ?? 1.5 * p99(echo));

const slow = ours.filter((s) => s[1] > threshold);
const bursts: Sample[][] = [];
for (const s of slow) {
  const last = bursts.at(-1);
  if (last && s[0] - last.at(-1)![0] < 20) last.push(s);
  else bursts.push([s]);
}
const gcs = server.filter((e) => e[0].startsWith('gc'));
const turns = server.filter((e) => e[0] === 'loop');
const near = (events: ServerEvent[], b: Sample[]) => {
  const from = b[0]![0] - 5;
  const to = b.at(-1)![0] + b.at(-1)![1];
  return events.filter((e) => e[1] < to && e[1] + e[2] > from);
};
const tally = { gc: [0, 0], turn: [0, 0], none: [0, 0] };
for (const b of bursts) {
  const k = near(gcs, b).length > 0 ? 'gc' : near(turns, b).length > 0 ? 'turn' : 'none';
  tally[k][0]!++;
  tally[k][1]! += b.length;
}
const sum = (xs: ServerEvent[], i: 2 | 3) => xs.reduce((n, e) => n + (e[i] ?? 0), 0);
const long = turns.filter((e) => e[2] > 5);
console.log(`ours: ${ours.length} messages, ${slow.length} over ${threshold.toFixed(2)} ms (1.5 × the echo's p99 ${p99(echo).toFixed(2)} ms), in ${bursts.length} bursts`);
console.log(`  bursts with a GC pause of ours: ${tally.gc[0]} (${tally.gc[1]} messages); with a long loop turn but no GC: ${tally.turn[0]} (${tally.turn[1]}); neither: ${tally.none[0]} (${tally.none[1]})`);
console.log(`  GC pauses while measured: ${gcs.length}, ${sum(gcs, 2).toFixed(1)} ms in all, longest ${Math.max(0, ...gcs.map((e) => e[2])).toFixed(1)} ms`);
console.log(`  loop turns over 5 ms: ${long.length}, ${sum(long, 2).toFixed(0)} ms of wall time in which the process used ${sum(long, 3).toFixed(0)} ms of CPU (all its threads)`);
