import * as v from 'valibot';
import { limits } from '@chatdesk/protocol';

/** Time, injected wherever it matters (event pruning, auto-close; SLA later). */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

const PositiveInt = v.pipe(v.number(), v.safeInteger(), v.minValue(1));
const DAY_MS = 24 * 60 * 60 * 1000;

export const ConfigSchema = v.object({
  /** SQLite database file; its folder is created when missing. Not used with `databaseUrl`. */
  dbFile: v.pipe(v.string(), v.minLength(1)),
  /** PostgreSQL instead of the SQLite file: `postgres://user@host:port/database`. */
  databaseUrl: v.optional(v.pipe(v.string(), v.regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL'))),
  /** The PostgreSQL schema holding the tables (created when missing); default `public`. */
  databaseSchema: v.optional(v.pipe(v.string(), v.regex(/^[a-z_][a-z0-9_]*$/, 'must be a plain lower-case identifier'))),
  /** The secret shared with the host CRM backend (user tokens) — also keys visitor tokens. */
  secret: v.pipe(v.string(), v.minLength(16, 'the secret must be at least 16 characters')),
  /**
   * Origins allowed to open the WebSocket and to call the visitor-token route. `*` allows any
   * origin: for tests only, never in production.
   */
  allowedOrigins: v.array(v.pipe(v.string(), v.minLength(1))),
  /** Seeds demo data and enables the `/demo/*` routes that play the host CRM backend. */
  demo: v.optional(v.boolean(), false),
  /** S-AN-1: with `demo`, four weeks of closed conversations before the demo's own, for the analytics to show (`npm start` turns it on; tests leave it off, so the demo's list is its five conversations). */
  demoHistory: v.optional(v.boolean(), false),
  /**
   * S-QR-4: start the quick-reply template workers with the server rather than on the first render
   * (which then waits for them). `main.ts` sets it; tests, starting many servers, leave it off.
   */
  warmTemplates: v.optional(v.boolean(), false),
  /** S-AUTH-3: whether plain managers see unassigned conversations, until the settings say (`managersSeeUnassigned`). */
  managersSeeUnassigned: v.optional(v.boolean(), true),
  /**
   * S-SET-6: stores a channel maps to (the settings require a store for every channel once any is
   * known), added to the built-in CRM at start; the demo's come with its catalogue.
   */
  /**
   * The host CRM's REST contract (README "CRM contract"): its base URL and API key. Absent: the
   * built-in CRM on the chat's database.
   */
  crmUrl: v.optional(v.pipe(v.string(), v.url(), v.regex(/^https?:\/\//, 'must be an http(s) URL'))),
  crmKey: v.optional(v.pipe(v.string(), v.regex(/^[\x21-\x7e]+$/, 'visible ASCII characters'))),
  /** How long one call to the host CRM may take before it counts as failed (and, where safe, is tried again). */
  crmTimeoutMs: v.optional(v.pipe(v.number(), v.safeInteger(), v.minValue(100)), 5000),
  stores: v.optional(v.array(v.object({ code: v.pipe(v.string(), v.minLength(1), v.maxLength(128)), name: v.pipe(v.string(), v.minLength(1), v.maxLength(200)) })), []),
  heartbeatMs: v.optional(PositiveInt, 25_000),
  /** The README promises 5 s; smaller values exist only to keep tests fast. */
  helloTimeoutMs: v.optional(PositiveInt, limits.helloTimeoutMs),
  /** A session whose unsent bytes pass this is closed with 4050 SLOW_CONSUMER. */
  sendBufferCap: v.optional(PositiveInt, 4 * 1024 * 1024),
  rateLimit: v.optional(
    v.object({
      /** Frames per second a session may sustain. */
      perSecond: PositiveInt,
      /** Frames a session may send at once. */
      burst: PositiveInt,
      /** Rejected frames within one second that close the socket with 4029. */
      closeAfterRejected: PositiveInt,
    }),
    { perSecond: 100, burst: 300, closeAfterRejected: 300 },
  ),
  /** Event log retention: resume works within it, older clients get RESYNC_REQUIRED. */
  eventRetention: v.optional(
    v.object({ maxRows: PositiveInt, maxAgeMs: PositiveInt }),
    { maxRows: 100_000, maxAgeMs: 7 * DAY_MS },
  ),
  pruneIntervalMs: v.optional(PositiveInt, 60_000),
  /**
   * S-DLG-13: how long a customer whose last widget closed still counts as coming back (a page
   * reload, the next page of the shop): staff replies meanwhile wait as `queued`, and only after
   * it do undelivered replies turn `failed` with "visitor left". Also the wait after a start
   * before undelivered replies of customers who did not reconnect fail.
   */
  visitorGraceMs: v.optional(PositiveInt, 10_000),
  /**
   * On PostgreSQL, how long a node's sessions count as online without the node renewing its lease
   * (it renews every third of this): a node that dies unannounced (kill -9, a lost host) takes its
   * managers and visitors offline for the other nodes after at most this long.
   */
  presenceLeaseMs: v.optional(v.pipe(v.number(), v.safeInteger(), v.minValue(1_000)), 15_000),
  /** How often the auto-close job looks for idle conversations (S-SET-3). */
  autoCloseIntervalMs: v.optional(PositiveInt, 60_000),
  /** How often the SLA job looks for markers due to change (S-SLA-1): they change within this of their moment. */
  slaIntervalMs: v.optional(PositiveInt, 1_000),
  /** How often the analytics job folds the messages stored since its last run into the rollups (S-AN-1): reports lag by about this. */
  analyticsIntervalMs: v.optional(PositiveInt, 1_000),
  /**
   * New anonymous visitors per client IP (refreshing a valid token is not counted): without a
   * bound anyone could create customers endlessly through the public route.
   */
  visitorCreateLimit: v.optional(v.object({ perMinute: PositiveInt, burst: PositiveInt }), { perMinute: 30, burst: 60 }),
  /**
   * User tokens whose `exp` lies further ahead than this are refused (close 4001): a session
   * lives only as long as its token (close 4002 at `exp`), so a long-lived token would let
   * revoked rights work for as long. Visitor tokens are ours and exempt.
   */
  maxTokenTtlSeconds: v.optional(PositiveInt, 3600),
  /**
   * Behind a reverse proxy (TLS termination), which hops' X-Forwarded-For to believe: `false`
   * (default: none, the peer's own address counts, so the header cannot be spoofed), `true`
   * (every hop), a hop count (the nearest n), or the proxies' addresses / CIDR ranges
   * (`loopback`, `linklocal`, `uniquelocal` too). Fastify's `trustProxy`; the client address
   * it yields keys the visitor-token limit and is the session's remote address.
   */
  trustProxy: v.optional(
    v.union([
      v.boolean(),
      v.pipe(v.number(), v.safeInteger(), v.minValue(0)),
      v.pipe(v.array(v.pipe(v.string(), v.minLength(1))), v.minLength(1)),
    ]),
    false,
  ),
  /** The widget keeps its visitor token in localStorage; it is refreshed on each page load. */
  visitorTokenTtlSeconds: v.optional(PositiveInt, 365 * 24 * 60 * 60),
  /**
   * Where uploaded files are kept on disk (S-DLG-9): the blobs themselves with SQLite, and uploads
   * while they arrive with either storage (PostgreSQL keeps the blobs in the database). Default:
   * `files/` beside `dbFile`.
   */
  filesDir: v.optional(v.pipe(v.string(), v.minLength(1))),
  /** An upload that sends no byte for this many milliseconds is cut off (its partial file removed). */
  uploadIdleMs: v.optional(PositiveInt, 30_000),
  /**
   * S-CH-2: webhooks to messenger modules may go to private, loopback and link-local addresses
   * (a module on the same host or network). Off by default: a webhook URL is a request our server
   * makes, and an admin's typo must not reach internal services (SSRF). The demo and tests allow it.
   */
  webhooksAllowPrivate: v.optional(v.boolean(), false),
  /** How long one webhook POST may take before it counts as failed (and is retried). */
  webhookTimeoutMs: v.optional(PositiveInt, 10_000),
  /** How often the outbox looks for webhooks due (a send also wakes it at once on its node). */
  outboxIntervalMs: v.optional(PositiveInt, 1_000),
  /** The first retry's wait after a failed webhook; each next one doubles, with jitter, up to `outboxRetryMaxMs`. */
  outboxRetryBaseMs: v.optional(PositiveInt, 1_000),
  outboxRetryMaxMs: v.optional(PositiveInt, 60_000),
  /** A webhook still not taken this long after its message was sent fails for good (the message shows failed; Retry sends it again). */
  outboxGiveUpMs: v.optional(PositiveInt, DAY_MS),
  /** Uploads not sent with a message within this many milliseconds are deleted. */
  unsentFileTtlMs: v.optional(PositiveInt, DAY_MS),
  /** The repository root (static bundles and examples); found from this package when absent. */
  rootDir: v.optional(v.string()),
  /** Fastify log level; `silent` turns logging off. */
  logLevel: v.optional(v.picklist(['silent', 'fatal', 'error', 'warn', 'info', 'debug', 'trace']), 'info'),
  clock: v.optional(
    v.custom<Clock>((c) => typeof c === 'object' && c !== null && typeof (c as Clock).now === 'function'),
    systemClock,
  ),
});

/** What `buildApp` accepts: defaults may be left out. */
export type ChatServerConfigInput = v.InferInput<typeof ConfigSchema>;
/** The parsed config, every default applied. */
export type ChatServerConfig = v.InferOutput<typeof ConfigSchema>;

export function parseConfig(input: ChatServerConfigInput): ChatServerConfig {
  const r = v.safeParse(ConfigSchema, input);
  if (!r.success) {
    const msg = r.issues.map((i) => `${v.getDotPath(i) ?? '(root)'}: ${i.message}`).join('; ');
    throw new Error(`Invalid chat server config: ${msg}`);
  }
  return r.output;
}
