/**
 * `npm run cluster`: the demo on three nodes (127.0.0.1:8081, 8082, 8083) sharing one PostgreSQL
 * database, and a round-robin TCP balancer in front of them on 127.0.0.1:8080 (no sticky
 * sessions: each connection, each reconnect, goes to the next live node). Each node also serves
 * the demo pages itself and accepts the pages of the others.
 *
 *   CHATDESK_DATABASE_URL     default postgres://postgres@127.0.0.1:5432/postgres
 *   CHATDESK_DATABASE_SCHEMA  default chatdesk_cluster (kept between runs, like the demo's file)
 *   CLUSTER_PORTS             default 8081,8082,8083
 *   CLUSTER_BALANCER_PORT     default 8080
 *
 * Ctrl+C stops them all. `kill -9` of one node's pid (printed) tries a failover by hand.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const url = process.env['CHATDESK_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const schema = process.env['CHATDESK_DATABASE_SCHEMA'] ?? 'chatdesk_cluster';
const ports = (process.env['CLUSTER_PORTS'] ?? '8081,8082,8083').split(',').map((p) => Number(p.trim()));
const balancerPort = Number(process.env['CLUSTER_BALANCER_PORT'] ?? 8080);
const origins = [balancerPort, ...ports].flatMap((p) => [`http://localhost:${p}`, `http://127.0.0.1:${p}`]).join(',');

const nodes: ChildProcess[] = [];
let stopping = false;

function start(port: number, n: number): Promise<void> {
  const child = spawn(
    process.execPath,
    ['--conditions=source', '--import', 'tsx', join(root, 'packages/server/src/main.ts'), '--demo', '--port', String(port), '--database-url', url, '--database-schema', schema],
    // No messenger simulator per node: each would make the same module (it is `npm start`'s alone).
    { cwd: root, env: { ...process.env, ALLOWED_ORIGINS: origins, CHATDESK_DEMO_MESSENGER: '0' }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  nodes.push(child);
  const tag = `[node ${n} :${port} pid ${child.pid}]`;
  return new Promise((resolve, reject) => {
    let ready = false;
    const onLine = (chunk: Buffer) => {
      for (const line of chunk.toString().split('\n')) {
        if (!line.trim()) continue;
        console.log(`${tag} ${line}`);
        if (!ready && line.includes('Chatdesk listening on')) {
          ready = true;
          resolve();
        }
      }
    };
    child.stdout!.on('data', onLine);
    child.stderr!.on('data', onLine);
    child.once('exit', (code, signal) => {
      console.log(`${tag} exited (${signal ?? code})`);
      if (!ready) reject(new Error(`node ${n} did not start`));
    });
  });
}

/**
 * Round robin over the nodes, at the TCP level (HTTP and WebSocket alike): a node that refuses the
 * connection (killed) is skipped for the next. What nginx or a cloud balancer does, in 20 lines.
 */
function balancer(): net.Server {
  let next = 0;
  const server = net.createServer((client) => {
    client.pause();
    const tryNode = (left: number) => {
      if (left === 0) return void client.destroy();
      const port = ports[next++ % ports.length]!;
      const upstream = net.connect(port, '127.0.0.1');
      upstream.once('error', () => tryNode(left - 1));
      upstream.once('connect', () => {
        upstream.removeAllListeners('error');
        const drop = () => (client.destroy(), upstream.destroy());
        client.on('error', drop).on('close', drop);
        upstream.on('error', drop).on('close', drop);
        client.pipe(upstream).pipe(client);
        client.resume();
      });
    };
    tryNode(ports.length);
  });
  return server.listen(balancerPort, '127.0.0.1');
}

let front: net.Server | undefined;

function stopAll(): void {
  if (stopping) return;
  stopping = true;
  front?.close();
  for (const c of nodes) if (c.exitCode === null && c.signalCode === null) c.kill('SIGTERM');
}
process.on('SIGINT', stopAll);
process.on('SIGTERM', stopAll);

try {
  // The first alone: it migrates the schema and seeds the demo; the others then start side by side.
  await start(ports[0]!, 1);
  await Promise.all(ports.slice(1).map((p, i) => start(p, i + 2)));
} catch (err) {
  console.error(String(err));
  stopAll();
  process.exitCode = 1;
}
if (!stopping) {
  front = balancer();
  console.log(`\nThree nodes on ${url.replace(/\/\/[^@]*@/, '//')} (schema ${schema}):`);
  for (const p of ports) console.log(`  http://127.0.0.1:${p}/crm/   http://127.0.0.1:${p}/shop/`);
  console.log(`Through the round-robin balancer (each reconnect to the next live node):`);
  console.log(`  http://127.0.0.1:${balancerPort}/crm/   http://127.0.0.1:${balancerPort}/shop/`);
  console.log('A visitor on one node and a manager on another chat live; Ctrl+C stops the cluster.\n');
}
