/**
 * Starts the chat server.
 *
 *   node --conditions=source --import tsx packages/server/src/main.ts [--demo] [--port N] [--host H]
 *     [--db FILE] [--log-level LEVEL] [--heartbeat-ms N] [--send-buffer-cap BYTES]
 *     [--rate-limit FRAMES_PER_SECOND]   (per session; burst and flood threshold are 3×)
 *     [--visitor-grace-ms N]             (S-DLG-13: how long a visitor who left may come back
 *                                         before undelivered replies fail, default 10000)
 *     [--max-token-ttl SECONDS]          (user tokens whose exp is further away are refused, default 3600)
 *     [--trust-proxy true|false|HOPS|ADDR,…]  (whose X-Forwarded-For to believe, default false)
 *
 * Env: PORT, HOST (default localhost), CHATDESK_SECRET (required unless --demo, which keeps a
 * random one in data/secret), CHATDESK_DB (default data/chatdesk.sqlite), ALLOWED_ORIGINS (comma
 * list, added to http://localhost:PORT and http://127.0.0.1:PORT), LOG_LEVEL.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { buildApp } from './app.js';
import type { ChatServerConfigInput } from './config.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

const { values } = parseArgs({
  options: {
    demo: { type: 'boolean', default: false },
    port: { type: 'string' },
    host: { type: 'string' },
    db: { type: 'string' },
    'log-level': { type: 'string' },
    'heartbeat-ms': { type: 'string' },
    'send-buffer-cap': { type: 'string' },
    'rate-limit': { type: 'string' },
    'visitor-grace-ms': { type: 'string' },
    'max-token-ttl': { type: 'string' },
    'trust-proxy': { type: 'string' },
  },
});

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

const port = Number(values.port ?? process.env.PORT ?? 8080);
if (!Number.isInteger(port) || port < 0 || port > 65535) fail(`Bad port: ${values.port ?? process.env.PORT}`);
const host = values.host ?? process.env.HOST ?? 'localhost';
const dataDir = join(root, 'data');
const dbFile = resolve(values.db ?? process.env.CHATDESK_DB ?? join(dataDir, 'chatdesk.sqlite'));

function demoSecret(): string {
  const file = join(dataDir, 'secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(32).toString('base64url');
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  return secret;
}

const secret = process.env.CHATDESK_SECRET ?? (values.demo ? demoSecret() : undefined);
if (!secret) fail('CHATDESK_SECRET is not set (the secret shared with the host CRM backend). Use --demo to try it out.');

const extraOrigins = (process.env.ALLOWED_ORIGINS ?? '')
  .split(',')
  .map((s) => s.trim())
  .filter(Boolean);

function intFlag(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n <= 0) fail(`--${name} must be a positive integer, got ${value}`);
  return n;
}

const heartbeatMs = intFlag('heartbeat-ms', values['heartbeat-ms']);
const sendBufferCap = intFlag('send-buffer-cap', values['send-buffer-cap']);
const ratePerSecond = intFlag('rate-limit', values['rate-limit']);
const visitorGraceMs = intFlag('visitor-grace-ms', values['visitor-grace-ms']);
const maxTokenTtlSeconds = intFlag('max-token-ttl', values['max-token-ttl']);

/** `--trust-proxy`: true, false, a hop count, or a comma list of proxy addresses / CIDR ranges. */
function trustProxyFlag(value: string | undefined): ChatServerConfigInput['trustProxy'] {
  if (value === undefined) return undefined;
  if (value === 'true' || value === 'false') return value === 'true';
  if (/^\d+$/.test(value)) return Number(value);
  const list = value.split(',').map((s) => s.trim()).filter(Boolean);
  if (list.length === 0) fail(`--trust-proxy must be true, false, a hop count or a list of addresses, got ${value}`);
  return list;
}
const trustProxy = trustProxyFlag(values['trust-proxy']);
const config: ChatServerConfigInput = {
  dbFile,
  secret,
  demo: values.demo,
  allowedOrigins: [`http://localhost:${port}`, `http://127.0.0.1:${port}`, ...extraOrigins],
  rootDir: root,
  logLevel: (values['log-level'] ?? process.env.LOG_LEVEL ?? 'info') as ChatServerConfigInput['logLevel'],
  ...(heartbeatMs === undefined ? {} : { heartbeatMs }),
  ...(sendBufferCap === undefined ? {} : { sendBufferCap }),
  ...(visitorGraceMs === undefined ? {} : { visitorGraceMs }),
  ...(maxTokenTtlSeconds === undefined ? {} : { maxTokenTtlSeconds }),
  ...(trustProxy === undefined ? {} : { trustProxy }),
  ...(ratePerSecond === undefined
    ? {}
    : { rateLimit: { perSecond: ratePerSecond, burst: 3 * ratePerSecond, closeAfterRejected: 3 * ratePerSecond } }),
};

const app = (() => {
  try {
    return buildApp(config);
  } catch (err) {
    fail(err instanceof Error ? err.message : String(err));
  }
})();

let stopping = false;
async function stop(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  app.log.info({ signal }, 'shutting down');
  try {
    await app.close();
    process.exit(0);
  } catch (err) {
    app.log.error({ err }, 'shutdown failed');
    process.exit(1);
  }
}
process.on('SIGINT', () => void stop('SIGINT'));
process.on('SIGTERM', () => void stop('SIGTERM'));

try {
  await app.listen({ port, host });
} catch (err) {
  fail(`Cannot listen on ${host}:${port}: ${err instanceof Error ? err.message : String(err)}`);
}

const address = app.server.address();
const actualPort = address !== null && typeof address === 'object' ? address.port : port;
if (port === 0) {
  // Port 0 picks a free port: the page origins are known only now.
  app.chat.config.allowedOrigins.push(`http://localhost:${actualPort}`, `http://127.0.0.1:${actualPort}`);
}
const base = `http://localhost:${actualPort}`;
// A stable line for scripts that start the server and wait for it (whatever the log level).
console.log(`Chatdesk listening on http://${host}:${actualPort}${values.demo ? ' (demo)' : ''}`);
if (values.demo) {
  console.log(`  CRM page (manager):  ${base}/crm/`);
  console.log(`  Shop page (visitor): ${base}/shop/`);
}
console.log(`  Health:              ${base}/health\n`);
