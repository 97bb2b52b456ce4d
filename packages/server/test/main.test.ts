// main.ts as an operator runs it: a separate process, its flags, its --help, its refusals.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { settings } from '../src/cli/settings.js';
import { parseStart, settingsMarkdown } from '../src/cli/parse.js';
import { parseConfig } from '../src/config.js';
import { readReadme, readRegion } from '../../../scripts/readme-regions.js';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const MAIN = join(root, 'packages/server/src/main.ts');
const SECRET = 'main-test-secret-0123456789';

/** The environment without any of the server's own variables, so only what a test sets counts. */
function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const s of settings) if (s.env) delete env[s.env];
  return { ...env, ...extra };
}

function run(args: string[], env = cleanEnv()): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', MAIN, ...args], { cwd: root, env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Starts the server on a free port with a temporary database; stopped (SIGTERM) when the test ends. */
async function start(t: TestContext, args: string[]): Promise<{ child: ChildProcess; url: string; stdout: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'chatdesk-main-'));
  const child = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', MAIN, '--port', '0', '--db', join(dir, 'chat.sqlite'), '--log-level', 'warn', ...args], {
    cwd: root,
    env: cleanEnv({ CHATDESK_SECRET: SECRET }),
  });
  t.after(async () => {
    if (child.exitCode === null) await new Promise((r) => child.once('exit', r).kill('SIGTERM'));
    rmSync(dir, { recursive: true, force: true });
  });
  let stdout = '';
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += d));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no start within 30 s:\n${stdout}${stderr}`)), 30_000);
    child.stdout!.on('data', (d) => {
      stdout += d;
      const m = /listening on (http:\/\/\S+:\d+)/.exec(stdout);
      // The notice lines follow the listening line in the same burst; wait for the last one.
      if (m && stdout.includes('Assignment:')) {
        clearTimeout(timer);
        resolve(m[1] as string);
      }
    });
    child.once('exit', (code) => reject(new Error(`exited with ${code}:\n${stdout}${stderr}`)));
  });
  return { child, url, stdout };
}

test('--help prints every flag and environment variable with its format and default, and exits 0', async () => {
  const { code, stdout, stderr } = await run(['--help']);
  assert.equal(code, 0, stderr);
  for (const s of settings) {
    if (s.flag) assert.ok(stdout.includes(`--${s.flag}${s.format ? ` ${s.format}` : ''}`), `--${s.flag} with its format`);
    if (s.env) assert.ok(stdout.includes(s.env), s.env);
    if (s.default) assert.ok(stdout.includes(`(default: ${s.default})`), `default of ${s.flag ?? s.env}`);
  }
  assert.match(stdout, /--host ADDRESS .*\(default: 127\.0\.0\.1\)/);
  assert.match(stdout, /--visitor-token-burst N\s+\(default: 60\)/);
  assert.match(stdout, /--visitor-token-per-minute N\s+\(default: 30\)/);
  // -h is the same, and no server starts.
  assert.equal((await run(['-h'])).stdout, stdout);
});

test('an unknown flag, a stray argument or a bad value is refused with a clear message and exit code 2', async () => {
  const cases: Array<[string[], RegExp]> = [
    [['--prot', '8080'], /Unknown flag --prot\./],
    [['8080'], /Unexpected argument "8080"/],
    [['--port', 'eighty'], /--port must be a port number 0–65535, got "eighty"/],
    [['--port', '70000'], /--port must be a port number/],
    [['--heartbeat-ms', '-5'], /--heartbeat-ms must be a positive integer/],
    [['--visitor-token-burst'], /--visitor-token-burst needs a value \(N\)/],
    [['--log-level', 'loud'], /--log-level must be one of silent, fatal, error, warn, info, debug, trace/],
    [['--demo=maybe'], /--demo takes no value/],
  ];
  for (const [args, message] of cases) {
    const { code, stderr, stdout } = await run(args);
    assert.equal(code, 2, `${args.join(' ')}: ${stderr}`);
    assert.match(stderr, message, args.join(' '));
    assert.match(stderr, /Run with --help to list every flag\./);
    assert.equal(stdout, '', 'nothing started');
  }
  // An environment variable is checked the same way.
  const bad = await run([], cleanEnv({ PORT: 'x', CHATDESK_SECRET: SECRET }));
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /PORT must be a port number/);
});

test('by default the server listens on 127.0.0.1 only and says who gets new conversations (S-SET-4)', async (t) => {
  const { url, stdout } = await start(t, []);
  assert.match(url, /^http:\/\/127\.0\.0\.1:\d+$/);
  assert.equal((await fetch(`${url}/health`)).status, 200);
  assert.match(stdout, /Assignment: +none set \(S-SET-4\): new conversations stay unassigned in the shared queue that every manager sees/);
});

test('S-CH-1: --visitor-token-burst and --visitor-token-per-minute bound new visitors; the 429 carries Retry-After and a body with code and message', async (t) => {
  const { url } = await start(t, ['--visitor-token-burst', '2', '--visitor-token-per-minute', '1']);
  const create = (body: object = {}) =>
    fetch(`${url}/api/visitor/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const first = await create();
  assert.equal(first.status, 200);
  assert.equal((await create()).status, 200);
  const refused = await create();
  assert.equal(refused.status, 429);
  // One new visitor a minute: the next one is possible in about 60 s.
  const retryAfter = Number(refused.headers.get('retry-after'));
  assert.ok(retryAfter >= 55 && retryAfter <= 60, `Retry-After: ${retryAfter}`);
  const body = (await refused.json()) as { error: { code: string; message: string; details: { retryAfterMs: number } } };
  assert.equal(body.error.code, 'RATE_LIMITED');
  assert.match(body.error.message, /Too many new visitors/);
  assert.ok(Math.abs(body.error.details.retryAfterMs - retryAfter * 1000) <= 1000);
  // A widget that kept its token is not a new visitor.
  const { token } = (await first.json()) as { token: string };
  assert.equal((await create({ token })).status, 200);
});

test('S-AN-1: --rebuild-analytics folds every stored message into the rollups again, says how many, and exits 0 without serving', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'chatdesk-main-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const args = ['--demo', '--db', join(dir, 'chat.sqlite'), '--log-level', 'warn', '--rebuild-analytics'];
  const first = await run(args, cleanEnv({ CHATDESK_SECRET: SECRET, CHATDESK_DEMO_MESSENGER: '0' }));
  assert.equal(first.code, 0, first.stderr);
  const folded = Number(/Analytics rebuilt: (\d+) messages folded/.exec(first.stdout)?.[1]);
  assert.ok(folded > 10, first.stdout);
  assert.doesNotMatch(first.stdout, /listening/);
  // Again on the same file: the same messages, folded once more from empty rollups.
  const second = await run(args, cleanEnv({ CHATDESK_SECRET: SECRET, CHATDESK_DEMO_MESSENGER: '0' }));
  assert.equal(Number(/Analytics rebuilt: (\d+) messages folded/.exec(second.stdout)?.[1]), folded);
});

test('the README\'s table of flags is the one --help reads (run `npm run docs` after changing a setting)', () => {
  assert.equal(readRegion(readReadme(), 'server-flags'), settingsMarkdown());
});

test('every setting reaches the server\'s config: flags win over the environment; the result passes the config schema', () => {
  const o = parseStart(
    ['--port=9090', '--host', '0.0.0.0', '--db', '/tmp/x.sqlite', '--log-level', 'debug', '--heartbeat-ms', '1000', '--send-buffer-cap', '2048',
      '--rate-limit', '10', '--visitor-grace-ms', '500', '--visitor-token-burst', '5', '--visitor-token-per-minute', '2', '--hide-unassigned', '--demo'],
    { PORT: '1234', HOST: '10.0.0.1', CHATDESK_SECRET: 'an-env-secret-0123456789', ALLOWED_ORIGINS: 'https://a.example, https://b.example', LOG_LEVEL: 'warn' },
  );
  assert.deepEqual(
    { port: o.port, host: o.host, dbFile: o.dbFile, secret: o.secret, demo: o.demo, help: o.help, extraOrigins: o.extraOrigins },
    { port: 9090, host: '0.0.0.0', dbFile: '/tmp/x.sqlite', secret: 'an-env-secret-0123456789', demo: true, help: false, extraOrigins: ['https://a.example', 'https://b.example'] },
  );
  assert.deepEqual(o.config, {
    logLevel: 'debug',
    heartbeatMs: 1000,
    sendBufferCap: 2048,
    rateLimit: { perSecond: 10, burst: 30, closeAfterRejected: 30 },
    visitorGraceMs: 500,
    visitorCreateLimit: { perMinute: 2, burst: 5 },
    managersSeeUnassigned: false,
  });
  const config = parseConfig({ ...o.config, dbFile: '/tmp/x.sqlite', secret: o.secret as string, allowedOrigins: [] });
  assert.equal(config.managersSeeUnassigned, false);
  // Nothing given: the documented defaults.
  const d = parseStart([], {});
  assert.deepEqual([d.port, d.host, d.demo, d.config], [8080, '127.0.0.1', false, {}]);
});
