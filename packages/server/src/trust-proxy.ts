import type { IncomingMessage } from 'node:http';
import proxyAddr from '@fastify/proxy-addr';
import type { ChatServerConfig } from './config.js';

/** Whether to believe the hop at `addr`, `i` hops from us (0: the peer itself). */
export type TrustProxy = (addr: string, i: number) => boolean;

/**
 * The config's `trustProxy` as one function, handed to Fastify (so `req.ip` follows it) and used
 * by the WebSocket upgrade, which Fastify does not route: one rule for both. Undefined: trust no
 * proxy. A hop count trusts the nearest n hops (Fastify itself refuses hop counts, since the peer
 * is then not checked: only use one when nothing but the proxies can reach the server).
 * Invalid addresses throw here, at start-up.
 */
export function compileTrustProxy(trust: ChatServerConfig['trustProxy']): TrustProxy | undefined {
  if (trust === false || trust === 0) return undefined;
  if (trust === true) return () => true;
  if (typeof trust === 'number') return (_addr, i) => i < trust;
  return proxyAddr.compile(trust);
}

/** The client's address: the peer's, or the first untrusted one of X-Forwarded-For. */
export function clientAddress(req: IncomingMessage, trust: TrustProxy | undefined): string {
  if (trust === undefined) return req.socket.remoteAddress ?? '';
  return proxyAddr(req, trust);
}
