// `npm test`: typecheck, the Node suites (protocol, server, client, reliability quick run), the
// server's suites on PostgreSQL, then the browser suite in Chromium, then the page tests (examples/test). Ends with one plain "N passed, N failed" line for CI.
import { spawn } from 'node:child_process';
import { readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
let passed = 0;
let failed = 0;
const failures = [];

function run(label, cmd, args, parse) {
  return new Promise((resolve) => {
    console.log(`\n=== ${label}: ${cmd} ${args.join(' ')}`);
    const child = spawn(cmd, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], env: process.env });
    let out = '';
    const onData = (stream) => (chunk) => {
      stream.write(chunk);
      out += chunk.toString();
      if (out.length > 1_000_000) out = out.slice(-500_000);
    };
    child.stdout.on('data', onData(process.stdout));
    child.stderr.on('data', onData(process.stderr));
    child.on('close', (code) => {
      const counts = parse?.(out);
      if (counts) {
        passed += counts.passed;
        failed += counts.failed;
      }
      if (code !== 0) {
        failures.push(label);
        if (!counts || counts.failed === 0) failed += 1;
      }
      resolve(code);
    });
  });
}

const nodeCounts = (out) => {
  const p = [...out.matchAll(/^# pass (\d+)/gm)].pop();
  const f = [...out.matchAll(/^# fail (\d+)/gm)].pop();
  return p ? { passed: Number(p[1]), failed: Number(f?.[1] ?? 0) } : undefined;
};
const wtrCounts = (out) => {
  // web-test-runner prints e.g. "Chrome: |██████| 9/9 test files | 42 passed, 0 failed" for each
  // browser as it goes: a browser's last line is its total (the config has two, see its FOCUS_FILES).
  const last = new Map();
  for (const m of out.replace(/\x1b\[[0-9;]*[A-Za-z]/g, '').matchAll(/^(.+?):\s+\|.*\| \d+\/\d+ test files \| (\d+) passed, (\d+) failed/gm)) {
    last.set(m[1], { passed: Number(m[2]), failed: Number(m[3]) });
  }
  if (last.size === 0) return undefined;
  return [...last.values()].reduce((a, b) => ({ passed: a.passed + b.passed, failed: a.failed + b.failed }));
};

const testFiles = [];
// packages/elements holds browser tests: web-test-runner runs those.
for (const pkg of readdirSync(join(root, 'packages')).filter((p) => p !== 'elements')) {
  const dir = join(root, 'packages', pkg, 'test');
  if (!existsSync(dir)) continue;
  for (const f of readdirSync(dir)) if (f.endsWith('.test.ts')) testFiles.push(join('packages', pkg, 'test', f));
}
// Repository-wide tests (the import rules).
for (const f of readdirSync(join(root, 'test'))) if (f.endsWith('.test.ts')) testFiles.push(join('test', f));
// The quick runs of the reliability suite (the full ones are `npm run soak` and `npm run soak -- --cluster`):
// each alone, after the others, since they time what the servers do.
const reliabilityQuick = join('reliability', 'quick.test.ts');
const reliabilityCluster = join('reliability', 'cluster.test.ts');
// Two test files at a time: each file's servers listen on port 0 with a SQLite file or a
// PostgreSQL schema of their own, and the 2-core machine is otherwise half idle between them.
const FILES_AT_ONCE = '--test-concurrency=2';
// A file that does not end (a server left open by a failed hook) fails after this, named, instead
// of holding CI until its own limit; the longest file takes about two minutes.
const FILE_LIMIT = '--test-timeout=600000';

await run('typecheck', 'npx', ['tsc', '-p', 'tsconfig.json'], () => undefined);
await run('node tests', process.execPath, ['--conditions=source', '--import', 'tsx', '--test', FILE_LIMIT, FILES_AT_ONCE, ...testFiles], nodeCounts);
if (existsSync(join(root, reliabilityQuick))) {
  await run('reliability, quick run', process.execPath, ['--conditions=source', '--import', 'tsx', '--test', FILE_LIMIT, '--test-concurrency=1', reliabilityQuick], nodeCounts);
}
// The server's and the client's suites again on PostgreSQL (each test server in a schema of its
// own): every feature on both storage adapters. Those that look at the SQLite file itself skip.
const onBoth = testFiles.filter((f) => /^packages\/(server|client)\/test\//.test(f) && !/(storage|blob-store)-(sqlite|postgres|fs)\.test\.ts$/.test(f));
process.env.CHATDESK_TEST_STORAGE = 'postgres';
await run('server and client tests on PostgreSQL', process.execPath, ['--conditions=source', '--import', 'tsx', '--test', FILE_LIMIT, FILES_AT_ONCE, ...onBoth], nodeCounts);
// The reliability guarantees that concern several nodes, on three of them.
if (existsSync(join(root, reliabilityCluster))) {
  await run('reliability on three nodes (PostgreSQL)', process.execPath, ['--conditions=source', '--import', 'tsx', '--test', FILE_LIMIT, '--test-concurrency=1', reliabilityCluster], nodeCounts);
}
delete process.env.CHATDESK_TEST_STORAGE;
await run('browser tests', 'npm', ['run', '--silent', 'test:browser'], wtrCounts);
// Files end to end once more with the runner's server on PostgreSQL (its blobs in the database).
process.env.CHATDESK_TEST_STORAGE = 'postgres';
await run('files end to end in Chromium on PostgreSQL', process.execPath, ['--import', 'tsx', '--conditions=source', 'node_modules/@web/test-runner/dist/bin.js', 'packages/elements/test/files-end-to-end.test.ts'], wtrCounts);
delete process.env.CHATDESK_TEST_STORAGE;
// Host pages on other origins than the chat server, in Chromium through playwright-core: the
// README's snippets verbatim, a refused origin, phone-sized demo pages. They load the bundles the
// browser step just built.
const pageTests = existsSync(join(root, 'examples', 'test'))
  ? readdirSync(join(root, 'examples', 'test')).filter((f) => f.endsWith('.test.ts')).map((f) => join('examples', 'test', f))
  : [];
if (pageTests.length) {
  await run('page tests', process.execPath, ['--conditions=source', '--import', 'tsx', '--test', FILE_LIMIT, '--test-concurrency=1', ...pageTests], nodeCounts);
}

console.log('');
if (failures.length) console.log(`Failed steps: ${failures.join(', ')}`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failures.length ? 1 : 0);
