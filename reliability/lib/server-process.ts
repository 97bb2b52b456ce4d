import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { signUserToken, type UserRight } from '@chatdesk/server/host-token';

const root = new URL('../..', import.meta.url).pathname;
export const ORIGIN = 'http://reliability.test';
export const SECRET = 'reliability-suite-secret-0123456789';

export interface ServerProcessOptions {
  dbFile?: string;
  /** PostgreSQL instead of the SQLite file: the database and the schema this node uses. */
  databaseUrl?: string;
  databaseSchema?: string;
  heartbeatMs?: number;
  sendBufferCap?: number;
  extraArgs?: string[];
}

/** Every server process started and not yet exited (`killLeftovers`). */
const running = new Set<ChildProcess>();

/**
 * After a guarantee that failed or timed out mid-run: its servers would keep the test file alive
 * (and hold CI until its limit). Each file's `after` hook kills what is left.
 */
export function killLeftovers(): number {
  for (const child of running) child.kill('SIGKILL');
  const n = running.size;
  running.clear();
  return n;
}

/**
 * The real server as a separate process (`packages/server/src/main.ts`), so the suite can kill it
 * with SIGKILL mid-write and watch its memory from outside.
 */
export class ServerProcess {
  readonly dir: string;
  readonly dbFile: string;
  readonly opts: ServerProcessOptions;
  child: ChildProcess | null = null;
  port = 0;
  starts = 0;
  #ownsDir: boolean;

  constructor(opts: ServerProcessOptions = {}) {
    this.opts = opts;
    this.#ownsDir = !opts.dbFile;
    this.dir = opts.dbFile ? join(opts.dbFile, '..') : mkdtempSync(join(tmpdir(), 'chatdesk-rel-'));
    this.dbFile = opts.dbFile ?? join(this.dir, 'chat.sqlite');
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get wsUrl(): string {
    return `ws://127.0.0.1:${this.port}/ws`;
  }

  async start(): Promise<void> {
    const args = ['--conditions=source', '--import', 'tsx', join(root, 'packages/server/src/main.ts'),
      '--host', '127.0.0.1', '--port', String(this.port || 0), '--log-level', 'warn'];
    if (this.opts.databaseUrl) args.push('--database-url', this.opts.databaseUrl, ...(this.opts.databaseSchema ? ['--database-schema', this.opts.databaseSchema] : []));
    else args.push('--db', this.dbFile);
    if (this.opts.heartbeatMs) args.push('--heartbeat-ms', String(this.opts.heartbeatMs));
    if (this.opts.sendBufferCap) args.push('--send-buffer-cap', String(this.opts.sendBufferCap));
    args.push(...(this.opts.extraArgs ?? []));
    const child = spawn(process.execPath, args, {
      cwd: root,
      env: { ...process.env, CHATDESK_SECRET: SECRET, ALLOWED_ORIGINS: ORIGIN },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    running.add(child);
    child.once('exit', () => running.delete(child));
    this.starts++;
    let log = '';
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`server did not start:\n${log}`)), 30_000);
      const onData = (chunk: Buffer) => {
        log += chunk.toString();
        const m = /listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(log);
        if (m) {
          clearTimeout(timer);
          this.port = Number(m[1]);
          resolve();
        }
      };
      child.stdout!.on('data', onData);
      child.stderr!.on('data', onData);
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`server exited with ${code}:\n${log}`));
      });
    });
    // RELIABILITY_SERVER_LOGS=folder keeps what each server process wrote (warnings and errors).
    const logs = process.env['RELIABILITY_SERVER_LOGS'];
    if (logs) {
      const file = createWriteStream(join(logs, `server-${this.port}-${child.pid}.log`));
      child.stdout!.pipe(file);
      child.stderr!.pipe(file);
    } else {
      child.stdout!.resume();
      child.stderr!.resume();
    }
  }

  /** SIGKILL: no shutdown hook runs, as in a crash or an OOM kill. */
  async kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill(signal);
    });
    this.child = null;
  }

  async restart(): Promise<void> {
    await this.kill();
    await this.start();
  }

  /** Resident memory of the server process in bytes (from /proc). */
  rss(): number {
    if (!this.child?.pid) return 0;
    const status = readFileSync(`/proc/${this.child.pid}/status`, 'utf8');
    const m = /VmRSS:\s+(\d+) kB/.exec(status);
    return m ? Number(m[1]) * 1024 : 0;
  }

  async health(): Promise<{ ok: boolean; epoch: string; seq: number; sessions: number }> {
    const res = await fetch(`${this.url}/health`);
    return (await res.json()) as any;
  }

  get alive(): boolean {
    return !!this.child && this.child.exitCode === null && this.child.signalCode === null;
  }

  async stop(): Promise<void> {
    await this.kill('SIGTERM');
    if (this.#ownsDir) rmSync(this.dir, { recursive: true, force: true });
  }
}

export function userToken(id: string, rights: UserRight[] = ['chats'], name = id): string {
  return signUserToken(SECRET, { id, name, rights, ttlSeconds: 3600 });
}
