/**
 * Starts the chat server. Every flag and environment variable is a row of `cli/settings.ts`;
 * `--help` prints them all (and the README's table is generated from the same rows).
 *
 *   node --conditions=source --import tsx packages/server/src/main.ts [--demo] [--port N] …
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildApp } from './app.js';
import type { ChatServerConfigInput } from './config.js';
import { helpText, parseStart, UsageError, type StartOptions } from './cli/parse.js';
import { assignmentNotice } from './cli/assignment-notice.js';
import { startDemoMessenger } from './demo/messenger.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const COMMAND = 'node --conditions=source --import tsx packages/server/src/main.ts';

function fail(message: string, code = 1): never {
  console.error(message);
  process.exit(code);
}

const options: StartOptions = (() => {
  try {
    return parseStart(process.argv.slice(2), process.env);
  } catch (err) {
    if (err instanceof UsageError) fail(`${err.message}\nRun with --help to list every flag.`, 2);
    throw err;
  }
})();
if (options.help) {
  process.stdout.write(helpText(COMMAND));
  process.exit(0);
}

const { port, host } = options;
const dataDir = join(root, 'data');
const dbFile = resolve(options.dbFile ?? join(dataDir, 'chatdesk.sqlite'));

function demoSecret(): string {
  const file = join(dataDir, 'secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(32).toString('base64url');
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  return secret;
}

const secret = options.secret ?? (options.demo ? demoSecret() : undefined);
if (!secret) fail('CHATDESK_SECRET is not set (the secret shared with the host CRM backend). Use --demo to try it out.');

const config: ChatServerConfigInput = {
  // The demo's messenger module runs on this host.
  ...(options.demo ? { webhooksAllowPrivate: true } : {}),
  ...options.config,
  dbFile,
  secret,
  demo: options.demo,
  demoHistory: options.demo,
  warmTemplates: true,
  allowedOrigins: [`http://localhost:${port}`, `http://127.0.0.1:${port}`, ...options.extraOrigins],
  rootDir: root,
};

const app = await (async () => {
  try {
    return await buildApp(config);
  } catch (err) {
    fail(err instanceof Error ? err.message : String(err));
  }
})();

if (options.rebuildAnalytics) {
  // Ready runs the start hooks (the demo's seed with --demo) without listening.
  await app.ready();
  const started = Date.now();
  const folded = await app.chat.rebuildAnalytics();
  console.log(`Analytics rebuilt: ${folded} messages folded in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
  await app.close();
  process.exit(0);
}

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
// The pages are reached on this machine: through the address listened on, unless that is "every interface".
const local = host === '0.0.0.0' || host === '::' ? 'localhost' : host.includes(':') ? `[${host}]` : host;
const base = `http://${local}:${actualPort}`;
// A stable line for scripts that start the server and wait for it (whatever the log level).
console.log(`Chatdesk listening on http://${host.includes(':') ? `[${host}]` : host}:${actualPort}${options.demo ? ' (demo)' : ''}`);
if (options.demo) {
  console.log(`  CRM page (manager):  ${base}/crm/`);
  console.log(`  Shop page (visitor): ${base}/shop/`);
  // The messenger simulator, a module of this server, one port up (CHATDESK_DEMO_MESSENGER=0: none).
  if (process.env['CHATDESK_DEMO_MESSENGER'] !== '0') {
    const messengerPort = port === 0 ? 0 : actualPort + 1;
    console.log(`  Messenger (customer): http://127.0.0.1:${messengerPort || '<any port>'}/ (starting)`);
    startDemoMessenger({ root, chatUrl: base, port: messengerPort, dataDir });
  }
}
console.log(`  Health:              ${base}/health`);
console.log(`${await assignmentNotice(app.chat.store, app.chat.config)}\n`);
