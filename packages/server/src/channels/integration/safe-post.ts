/**
 * The one way the server POSTs to an integration module's URL. Those URLs are typed in by
 * admins, so without care they would let anyone with that right probe our own network (SSRF):
 * the loopback admin ports, the database, the cloud metadata address.
 *
 * Hence: the host is resolved once, every address it resolves to is checked, and the connection
 * goes to exactly the checked address (a pinned `lookup`), so a DNS answer that changes between
 * check and connect (rebinding) gains nothing. Redirects are never followed, as the target of one
 * would be unchecked. One deadline covers resolving, connecting and reading, so a module that
 * hangs mid-response cannot hold a delivery worker.
 */
import { lookup as dnsLookup } from 'node:dns/promises';
import { request as httpRequest, type ClientRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP, type LookupFunction } from 'node:net';

export type PostOutcome =
  | { ok: true; status: number; body: string }
  | { ok: false; retry: boolean; reason: string; status?: number };

type Failure = Extract<PostOutcome, { ok: false }>;
type Address = { address: string; family: 4 | 6 };

export interface SafePostOptions {
  /** Let private and loopback addresses through (development, or modules on our own network). */
  allowPrivate: boolean;
  timeoutMs: number;
  /** The rest of a longer response is not read (default 64 KiB). */
  maxResponseBytes?: number;
  /** Resolves a host name (default: the system resolver, every address). */
  lookup?: (hostname: string) => Promise<Address[]>;
}

export async function safePost(
  url: string,
  body: string,
  headers: Record<string, string>,
  opts: SafePostOptions,
): Promise<PostOutcome> {
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    return { ok: false, retry: false, reason: 'invalid URL' };
  }
  if (target.protocol !== 'http:' && target.protocol !== 'https:') {
    return { ok: false, retry: false, reason: `scheme ${target.protocol} not allowed` };
  }
  if (target.username || target.password) return { ok: false, retry: false, reason: 'credentials in URL not allowed' };
  // The WHATWG parser has already turned 2130706433 and 0x7f.1 into 127.0.0.1; IPv6 keeps brackets.
  const hostname = target.hostname.replace(/^\[(.*)\]$/, '$1');
  const max = opts.maxResponseBytes ?? 64 * 1024;

  return new Promise<PostOutcome>((resolve) => {
    let req: ClientRequest | undefined;
    let settled = false;
    const finish = (outcome: PostOutcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      req?.destroy(); // also the socket: a hung module must not keep it open
      resolve(outcome);
    };
    const timer = setTimeout(
      () => finish({ ok: false, retry: true, reason: `timeout after ${opts.timeoutMs} ms` }),
      opts.timeoutMs,
    );

    const onResponse = (res: IncomingMessage) => {
      const status = res.statusCode ?? 0;
      if (status >= 300 && status < 400) {
        const location = res.headers.location ?? '(no location)';
        return finish({ ok: false, retry: false, status, reason: `redirect ${status} to ${location} not followed` });
      }
      if (status < 200 || status >= 300) {
        return finish({ ok: false, retry: status === 408 || status === 429 || status >= 500, status, reason: `HTTP ${status}` });
      }
      const chunks: Buffer[] = [];
      let size = 0;
      const done = () => finish({ ok: true, status, body: Buffer.concat(chunks).toString('utf8') });
      res.on('data', (chunk: Buffer) => {
        const room = max - size;
        chunks.push(chunk.subarray(0, room));
        size += Math.min(chunk.length, room);
        if (chunk.length >= room) done(); // enough: finish() stops reading by destroying the socket
      });
      res.on('end', done);
      res.on('error', (err) => finish(connectionFailure(err)));
      res.on('close', () => finish({ ok: false, retry: true, reason: 'connection closed before the response ended' }));
    };

    pickAddress(hostname, opts).then((picked) => {
      if (settled) return;
      if ('reason' in picked) return finish(picked);
      const pinned: LookupFunction = (_host, options, callback) => {
        if (options.all) callback(null, [picked]);
        else callback(null, picked.address, picked.family);
      };
      const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
      // Host, and for https the SNI name and certificate check, still use the URL's host name.
      req = send(target, {
        method: 'POST',
        agent: false,
        lookup: pinned,
        headers: {
          ...headers,
          'content-type': 'application/json',
          'content-length': String(Buffer.byteLength(body)),
          'user-agent': 'Chatdesk-Webhooks/1',
        },
      }, onResponse);
      req.on('error', (err) => finish(connectionFailure(err)));
      req.end(body);
    }, (err: unknown) => finish(connectionFailure(err)));
  });
}

async function pickAddress(hostname: string, opts: SafePostOptions): Promise<Address | Failure> {
  let addresses: Address[];
  if (isIP(hostname)) {
    addresses = [{ address: hostname, family: isIP(hostname) === 6 ? 6 : 4 }];
  } else {
    try {
      addresses = await (opts.lookup ?? systemLookup)(hostname);
    } catch (err) {
      return { ok: false, retry: true, reason: `cannot resolve ${hostname}: ${errorText(err)}` };
    }
  }
  if (addresses.length === 0) return { ok: false, retry: true, reason: `cannot resolve ${hostname}: no address` };
  if (!opts.allowPrivate) {
    // Any one bad address refuses the lot: which one the OS would try first is not ours to know.
    const bad = addresses.find((a) => !isPublicAddress(a.address));
    if (bad) return { ok: false, retry: false, reason: `refused: ${hostname} is non-public address ${bad.address}` };
  }
  const first = addresses[0]!;
  return { address: first.address, family: isIP(first.address) === 6 ? 6 : 4 };
}

async function systemLookup(hostname: string): Promise<Address[]> {
  const found = await dnsLookup(hostname, { all: true });
  return found.map((a) => ({ address: a.address, family: a.family === 6 ? 6 : 4 }));
}

function connectionFailure(err: unknown): Failure {
  return { ok: false, retry: true, reason: errorText(err) };
}

function errorText(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  if (!(e instanceof Error)) return String(err);
  return e.code && !e.message.includes(e.code) ? `${e.code}: ${e.message}` : e.message;
}

// Everything IANA marks as not globally reachable, plus multicast and the old class E.
const V4_BLOCKED = [
  '0.0.0.0/8', '10.0.0.0/8', '100.64.0.0/10', '127.0.0.0/8', '169.254.0.0/16', '172.16.0.0/12',
  '192.0.0.0/24', '192.0.2.0/24', '192.88.99.0/24', '192.168.0.0/16', '198.18.0.0/15',
  '198.51.100.0/24', '203.0.113.0/24', '224.0.0.0/4', '240.0.0.0/4',
].map((cidr) => {
  const [base, bits] = cidr.split('/') as [string, string];
  return { base: v4Number(base)!, size: 2 ** (32 - Number(bits)) };
});

/**
 * Whether connecting to `address` could reach only the public internet. Anything that is not a
 * plain IP address is false: this guards a door, so it fails closed.
 */
export function isPublicAddress(address: string): boolean {
  const n = v4Number(address);
  if (n !== undefined) return !V4_BLOCKED.some(({ base, size }) => Math.floor(n / size) === base / size);
  const g = v6Groups(address);
  if (!g) return false;
  const embedded = (hi: number, lo: number) => isPublicAddress(`${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`);
  const zeros = (from: number, to: number) => g.slice(from, to).every((x) => x === 0);
  // IPv6 forms that carry an IPv4 address, which is what they reach: ::a.b.c.d (including :: and
  // ::1), ::ffff:a.b.c.d, ::ffff:0:a.b.c.d, NAT64 64:ff9b::a.b.c.d, 6to4 2002:AABB:CCDD::.
  if (zeros(0, 5) && (g[5] === 0 || g[5] === 0xffff)) return embedded(g[6]!, g[7]!);
  if (zeros(0, 4) && g[4] === 0xffff && g[5] === 0) return embedded(g[6]!, g[7]!);
  if (g[0] === 0x64 && g[1] === 0xff9b && zeros(2, 6)) return embedded(g[6]!, g[7]!);
  if (g[0] === 0x2002) return embedded(g[1]!, g[2]!);
  // Only global unicast 2000::/3 is public: this leaves out fc00::/7, fe80::/10, ff00::/8 and the
  // rest. Within it: the IETF protocol block 2001::/23 (Teredo, whose IPv4 part is obfuscated,
  // benchmarking, ORCHID) and documentation 2001:db8::/32 and 3fff::/20.
  if ((g[0]! & 0xe000) !== 0x2000) return false;
  if (g[0] === 0x2001 && (g[1]! < 0x200 || g[1] === 0xdb8)) return false;
  return !(g[0] === 0x3fff && g[1]! < 0x1000);
}

function v4Number(address: string): number | undefined {
  if (isIP(address) !== 4) return undefined;
  return address.split('.').reduce((n, part) => n * 256 + Number(part), 0);
}

/** The eight 16-bit groups of an IPv6 address (a zone such as %eth0 dropped). */
function v6Groups(address: string): number[] | undefined {
  let s = address.split('%')[0]!;
  if (isIP(s) !== 6) return undefined;
  const dotted = /\d+\.\d+\.\d+\.\d+$/.exec(s);
  if (dotted) {
    const n = v4Number(dotted[0])!;
    s = `${s.slice(0, dotted.index)}${Math.floor(n / 65536).toString(16)}:${(n % 65536).toString(16)}`;
  }
  const [head, tail] = s.split('::') as [string, string | undefined];
  const groups = (part: string | undefined) => (part ? part.split(':').map((x) => parseInt(x, 16)) : []);
  if (tail === undefined) return groups(head);
  const h = groups(head);
  const t = groups(tail);
  return [...h, ...new Array<number>(8 - h.length - t.length).fill(0), ...t];
}
