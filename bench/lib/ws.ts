/**
 * `ws` 8 as the server uses it. The root node_modules holds ws 7 (hoisted for the browser test
 * runner), so resolve it from the server package: load clients and raw baselines run the same
 * ws version as the server under test.
 */
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type WsDefault from 'ws';
import type { WebSocketServer as WssType } from 'ws';
import { ROOT_DIR } from './proc.js';

const ws = createRequire(join(ROOT_DIR, 'packages/server/package.json'))('ws') as typeof WsDefault & {
  WebSocketServer: typeof WssType;
};

export const WebSocket = ws;
export type WebSocket = WsDefault;
export const WebSocketServer = ws.WebSocketServer;
export type RawData = WsDefault.RawData;
