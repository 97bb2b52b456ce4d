import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The demo's messenger (S-CH-2): `examples/messenger`, a real integration module in a process of
 * its own, started beside the demo server so `npm start` has a messenger channel next to the
 * shop's consultant. It makes its module through the demo's admin token, as the README's guide
 * does. Gone with the server (also a killed one); the demo goes on without it if it cannot start.
 */
export function startDemoMessenger(o: { root: string; chatUrl: string; port: number; dataDir: string }): ChildProcess | undefined {
  const script = join(o.root, 'examples', 'messenger', 'server.ts');
  if (!existsSync(script)) return undefined;
  const child = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', script], {
    cwd: o.root,
    // Its channel in the demo's main store, as the demo's other channels (S-SET-6).
    env: { ...process.env, CHATDESK_URL: o.chatUrl, PORT: String(o.port), DATA_FILE: join(o.dataDir, 'messenger.json'), CHATDESK_STORE: 'main' },
    // The IPC channel closes when this process dies, however it dies: the messenger then stops
    // too, instead of living on holding the demo's ports and output.
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  child.unref();
  child.channel?.unref();
  child.on('error', (err) => console.error(`The demo messenger did not start: ${err.message}`));
  const stop = () => child.kill('SIGTERM');
  process.once('exit', stop);
  return child;
}
