import { randomUUID } from 'node:crypto';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import Fastify, { type FastifyInstance } from 'fastify';
import type { ChannelCapabilities } from '@chatdesk/protocol';
import { parseConfig, type ChatServerConfig, type ChatServerConfigInput, type Clock } from './config.js';
import { seedDemo } from './demo/seed.js';
import { holdTemplateWorkers } from './templates/index.js';
import { seedDemoCrm } from './demo/crm-seed.js';
import { BuiltinCrm } from './adapters/crm/builtin.js';
import { HttpCrm } from './adapters/crm/http.js';
import { readCatalogue } from './adapters/crm/catalogue.js';
import type { CrmAdapter } from './ports/crm.js';
import type { CrmStore } from '@chatdesk/protocol';
import { Gateway } from './gateway/gateway.js';
import { registerDemoRoutes } from './http/demo.js';
import { registerErrorHandler } from './http/errors.js';
import { compileTrustProxy } from './trust-proxy.js';
import { registerHealth } from './http/health.js';
import { registerOriginCheck } from './http/origin-check.js';
import { registerIntegrationApi } from './http/integration-api.js';
import { startOutboxJob } from './jobs/outbox.js';
import { startCrmAutoSaveJob, type CrmAutoSaveJob } from './jobs/crm-auto-save.js';
import { registerStatic } from './http/static.js';
import { registerVisitorRoutes } from './http/visitor.js';
import { startAutoCloseJob } from './jobs/auto-close.js';
import { startSlaJob } from './jobs/sla.js';
import { startAnalyticsJob } from './jobs/analytics.js';
import { startPruneJob } from './jobs/prune.js';
import { startPruneFilesJob } from './jobs/prune-files.js';
import { pruneUnsentFiles } from './services/files.js';
import { startSearchIndexJob } from './jobs/search-index.js';
import { LocalEventBus } from './adapters/memory/event-bus.js';
import { builtInChannels } from './channels/registry.js';
import { MemoryPresence } from './adapters/memory/presence.js';
import { staffAliasFor } from './auth/staff-alias.js';
import { WriteBatch } from './gateway/session.js';
import { autoClose, body, FOLD_BATCH, FOLD_BATCH_ON_LOOP, foldAnalytics, followSettings, OnlineLog, rebuildAnalytics, pruneEvents, runSla, sweepUndelivered, UnitOfWork, visitorGone, type PolicyOptions } from './services/index.js';
import { startCheckpointer, type Checkpointer } from './adapters/sqlite/checkpointer.js';
import { openDatabase, type Db } from './adapters/sqlite/db.js';
import { Repo } from './adapters/sqlite/repo.js';
import { SqliteStorage } from './adapters/sqlite/sqlite-storage.js';
import { openPostgres } from './adapters/postgres/db.js';
import { PostgresStorage } from './adapters/postgres/postgres-storage.js';
import { PostgresEventBus } from './adapters/postgres/event-bus.js';
import { SharedPresence } from './adapters/postgres/presence.js';
import type { Presence, PresenceReports } from './ports/presence.js';
import type { Storage } from './ports/storage.js';
import type { BlobStore } from './ports/blob-store.js';
import { FsBlobStore } from './adapters/fs/blob-store.js';
import { PostgresBlobStore } from './adapters/postgres/blob-store.js';
import { fileTokens } from './auth/file-token.js';
import { registerFileRoutes } from './http/files.js';

/** How often messages waiting for the search index are indexed where the storage batches them (SQLite). */
const SEARCH_INDEX_INTERVAL_MS = 100;

/** What `app.chat` exposes to main.ts and tests. */

/** How often a host CRM's stores are asked for again (S-SET-6's mapping is checked against them). */
const STORES_REFRESH_MS = 60_000;
/** How often the saves of new customers in the CRM that failed are looked at for a retry (S-CH-3; the waits are minutes). */
const CRM_AUTO_SAVE_INTERVAL_MS = 10_000;
export interface ChatHandle {
  config: ChatServerConfig;
  /** The storage port every action goes through (decorated by `BuildOptions.wrapStorage` when given). */
  store: Storage;
  /**
   * The SQLite adapter's own handles, for tests and tools that look at the file itself (the
   * integrity check, the checkpoint tests): nothing in the product reaches storage this way.
   * Absent on PostgreSQL (`databaseUrl`).
   */
  sqlite?: { db: Db; repo: Repo; checkpointer: Checkpointer };
  clock: Clock;
  /** The database's epoch (see `welcome.epoch`). */
  epoch: string;
  gateway: Gateway;
  /** Runs every action (calls, routes, jobs) in one transaction and publishes its events after. */
  uow: UnitOfWork;
  /** Who is online (this node's sockets). */
  presence: Presence & PresenceReports & { close(): void | Promise<void> };
  /** The newest event seq. */
  headSeq(): Promise<number>;
  /** Open WebSocket connections. */
  sessionCount(): number;
  /** Where file contents are kept (S-DLG-9): a folder with SQLite, the database with PostgreSQL. */
  blobs: BlobStore;
  /** The CRM (S-W-*): the built-in one on the chat's database. */
  crm: CrmAdapter;
  /** Runs the event-log prune now (the job also runs on a timer); resolves to the rows deleted. */
  pruneEvents(): Promise<number>;
  /** Runs the unsent-upload prune now (it also runs on the prune timer); resolves to the blobs it deleted. */
  pruneFiles(): Promise<number>;
  /** Runs the auto-close job now (S-SET-3; it also runs on a timer); resolves to the conversations closed. */
  autoClose(): Promise<number>;
  /** S-SLA-1: one run of the SLA job now (tests move the clock, then call it). */
  slaTick(): Promise<number>;
  /** S-AN-1: folds every message stored so far into the analytics rollups now (the job does it every `analyticsIntervalMs`); resolves to the messages folded. */
  foldAnalytics(): Promise<number>;
  /** S-AN-1: empties the rollups and folds every message again; resolves to the messages folded. */
  rebuildAnalytics(): Promise<number>;
  /** S-AN-1: managers' time online, as this node writes it. */
  online: OnlineLog;
  /** S-CH-3: the bot's saves of new customers in the CRM: the retries due now (tests move the clock), and the wait for attempts under way. */
  crmAutoSave: Pick<CrmAutoSaveJob, 'runDue' | 'idle'>;
}

declare module 'fastify' {
  interface FastifyInstance {
    chat: ChatHandle;
  }
}

/** packages/server/src → the repository root. */
const DEFAULT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

/**
 * Builds the chat server: HTTP routes, the WebSocket gateway on `/ws`, the database. Call
 * `listen()` on the result; `close()` says 1001 to every socket and closes the database.
 */
/** How tests reach the seams: the adapters, decorated. */
export interface BuildOptions {
  wrapStorage?: (storage: Storage) => Storage;
}

export async function buildApp(input: ChatServerConfigInput, options: BuildOptions = {}): Promise<FastifyInstance> {
  const config = parseConfig(input);
  const trustProxy = compileTrustProxy(config.trustProxy);
  const app = Fastify({
    logger: config.logLevel === 'silent' ? false : { level: config.logLevel },
    // req.ip (the visitor-token limit's key) follows X-Forwarded-For only from trusted proxies.
    ...(trustProxy === undefined ? {} : { trustProxy }),
    // The visitor-token route is the only body we take; nothing near this size is legitimate.
    bodyLimit: 64 * 1024,
  });

  const opened = await openStorage(config, app.log);
  const epoch = await opened.storage.meta.get('epoch');
  if (!epoch) throw new Error('database has no epoch: migration 001 did not run');

  // The seams, wired: presence and the bus are ports (in-memory adapters on one node); the unit
  // of work runs every action; the gateway speaks the protocol and consumes the bus.
  const channels = builtInChannels();
  const policy: PolicyOptions = {
    managersSeeUnassigned: config.managersSeeUnassigned,
    staffAlias: staffAliasFor(config.secret),
    channelCapabilities: (channel) => channels.capabilitiesOf(channel),
  };
  // Presence may call these while the rest is still being wired (a short grace, a slow database):
  // they run once the unit of work exists.
  const early: Array<() => void> = [];
  let uowReady = false;
  const whenRunning = (fn: () => void) => (uowReady ? fn() : early.push(fn));
  const onGone = (customerId: number) => whenRunning(() => uow.job('failing replies to a visitor who left', (ctx) => visitorGone(ctx, customerId)));
  const onStartOver = () => whenRunning(() => uow.job('failing replies undelivered before the start', sweepUndelivered));
  // On PostgreSQL the nodes of one database share who is online (with leases); else this node's sockets.
  const presence =
    config.databaseUrl === undefined
      ? new MemoryPresence(config.visitorGraceMs, onGone, onStartOver)
      : await SharedPresence.start({ url: config.databaseUrl, schema: config.databaseSchema, graceMs: config.visitorGraceMs, leaseMs: config.presenceLeaseMs, onGone, onStartOver, log: app.log });
  // On PostgreSQL several nodes may share the database: the bus hears the others' commits too.
  const pgBus =
    config.databaseUrl === undefined ? undefined : await PostgresEventBus.start(config.databaseUrl, config.databaseSchema, opened.storage, app.log, opened.node);
  const bus = pgBus ?? new LocalEventBus();
  const store = options.wrapStorage ? options.wrapStorage(opened.storage) : opened.storage;
  const writes = new WriteBatch();
  const tokens = fileTokens(config.secret);
  // Modules' channels: what they carry follows the log (this node's commits and the others'),
  // heard before the gateway hears the same events; then what is stored now.
  const stopChannels = bus.subscribe((events) => channels.observe(events));
  for (const row of await store.channels.list()) {
    if (row.module_id !== null && row.capabilities !== null) channels.learn(row.id, JSON.parse(row.capabilities) as ChannelCapabilities);
  }
  // S-SET-1, S-AUTH-3: what every call and fan-out follows, from the stored settings, then from
  // each committed save (this node's or another's) as the bus tells it.
  const live = await followSettings(store, policy, bus, config.clock);
  // S-SET-6: the CRM's stores, as last fetched (the settings check the mapping against them inside
  // a transaction, where the CRM is not asked).
  let stores: readonly CrmStore[] = [];
  // Made once the unit of work exists (the built-in CRM's transactions are its turns).
  let crm: CrmAdapter | undefined;
  const refreshStores = async (): Promise<void> => {
    try {
      stores = (await crm?.stores()) ?? [];
    } catch (err) {
      app.log.warn({ err }, 'the CRM did not list its stores; the last list stands');
    }
  };
  const uow: UnitOfWork = new UnitOfWork({
    store,
    channels,
    clock: config.clock,
    policy,
    presence,
    bus,
    log: app.log,
    delivery: (fn) => writes.run(fn),
    fileTokens: tokens,
    gate: (_actor, method) => (live.chatsEnabled || method === 'settings.get' || method === 'settings.update' ? undefined : body('CHATS_DISABLED')),
    stores: () => stores,
    crm: () => crm,
  });
  uowReady = true;
  // The built-in CRM's tables are the chat database's: its transactions take their turn with the chat's.
  const builtinCrm = new BuiltinCrm((fn) => uow.system((ctx) => fn(ctx.store.crmSql)), { now: () => config.clock.now(), onStores: refreshStores });
  // A host CRM over its REST contract, or the built-in one. A host CRM's stores are asked for
  // again every minute: the settings check the mapping against the last list.
  const hostCrm = config.crmUrl === undefined ? undefined : new HttpCrm({ baseUrl: config.crmUrl, apiKey: config.crmKey ?? '', timeoutMs: config.crmTimeoutMs });
  crm = hostCrm ?? builtinCrm;
  if (!hostCrm && config.stores.length > 0) await builtinCrm.setStores(config.stores);
  else await refreshStores();
  const storesTimer = hostCrm ? setInterval(() => void refreshStores(), STORES_REFRESH_MS) : undefined;
  storesTimer?.unref();
  for (const fn of early.splice(0)) fn();
  // S-CH-3: new customers saved in the CRM after their conversation's commit, never inside it.
  const crmAutoSave = startCrmAutoSaveJob({ uow, bus, crm: () => crm, intervalMs: CRM_AUTO_SAVE_INTERVAL_MS, secret: config.secret, log: app.log });
  const online = new OnlineLog((what, fn) => uow.system(fn).catch((err: unknown) => app.log.warn({ err }, `${what} failed`)), config.clock, app.log);
  const gateway = new Gateway({ config, uow, bus, presence, online, policy, writes, epoch, log: app.log, trustProxy });
  app.decorate('chat', {
    config,
    store,
    ...(opened.sqlite ? { sqlite: opened.sqlite } : {}),
    clock: config.clock,
    epoch,
    gateway,
    uow,
    presence,
    headSeq: () => store.events.head(),
    sessionCount: () => gateway.sessionCount,
    blobs: opened.blobs,
    crm: crm!,
    pruneEvents: () => uow.system(async (ctx) => pruneEvents(ctx, config.eventRetention)),
    pruneFiles: () => uow.system((ctx) => pruneUnsentFiles(ctx, opened.blobs, config.unsentFileTtlMs)),
    autoClose: () => uow.system(autoClose),
    slaTick: () => uow.system(runSla),
    foldAnalytics: async () => {
      let total = 0;
      for (let n = -1; n !== 0; total += n) n = await uow.system((ctx) => foldAnalytics(ctx));
      return total;
    },
    // 1,000 a transaction: far fewer round trips than the job's batch, still a short hold of the write lock.
    rebuildAnalytics: () => rebuildAnalytics((fn) => uow.system(fn), 1_000),
    online,
    crmAutoSave: { runDue: () => crmAutoSave.runDue(), idle: () => crmAutoSave.idle() },
  } satisfies ChatHandle);

  // The demo's data goes in through the port, before the server takes its first connection.
  if (config.demo) {
    app.addHook('onReady', async () => {
      const first = await uow.system((ctx) => seedDemo(ctx.store, config.clock, opened.blobs, config.demoHistory));
      // The history's four weeks are in the figures from the first page on, not as the job's
      // batches reach them (a report between two batches would show part of it).
      if (config.demoHistory) for (let n = -1; n !== 0; ) n = await uow.system((ctx) => foldAnalytics(ctx));
      // The demo's CRM is the built-in one: with a host CRM its records are the host's.
      if (hostCrm || (await builtinCrm.hasCatalogue())) return;
      await builtinCrm.importCatalogue(readCatalogue());
      const link = (crmCustomerId: string) => uow.system((ctx) => ctx.store.customers.setCrmLink(first!.customerId, crmCustomerId));
      if (first) await seedDemoCrm(builtinCrm, first, link, config.clock.now());
    });
  }
  app.server.on('upgrade', (req, socket, head) => gateway.handleUpgrade(req, socket, head));
  const stopPrune = startPruneJob(uow, config.eventRetention, config.pruneIntervalMs, app.log);
  const stopPruneFiles = startPruneFilesJob(uow, opened.blobs, config.unsentFileTtlMs, config.pruneIntervalMs, app.log);
  const stopAutoClose = startAutoCloseJob(uow, config.autoCloseIntervalMs, app.log);
  const stopSla = startSlaJob(uow, config.slaIntervalMs, app.log);
  const stopAnalytics = startAnalyticsJob(uow, config.analyticsIntervalMs, app.log, opened.sqlite ? FOLD_BATCH_ON_LOOP : FOLD_BATCH);
  const stopSearchIndex = startSearchIndexJob(uow, store, SEARCH_INDEX_INTERVAL_MS, app.log);
  const outbox = startOutboxJob(
    uow,
    {
      allowPrivate: config.webhooksAllowPrivate,
      timeoutMs: config.webhookTimeoutMs,
      intervalMs: config.outboxIntervalMs,
      baseMs: config.outboxRetryBaseMs,
      maxMs: config.outboxRetryMaxMs,
      giveUpMs: config.outboxGiveUpMs,
    },
    app.log,
  );
  // A staff message into a messenger was committed (here or on another node): post it now.
  const stopKicks = bus.subscribe((events) => {
    for (const e of events) {
      const channel = (e.data as { conversation?: { channel?: { id: number } } }).conversation?.channel;
      if ((e.row.name === 'message.created' || e.row.name === 'message.updated') && channel && channels.servedByModule(channel.id)) return outbox.kick();
    }
  });

  registerErrorHandler(app);
  registerHealth(app);
  registerVisitorRoutes(app, (origin) => gateway.originAllowed(origin));
  registerFileRoutes(app, { blobs: opened.blobs, tmpDir: join(opened.filesDir, 'tmp'), tokens, idleMs: config.uploadIdleMs });
  registerIntegrationApi(app);
  registerOriginCheck(app, (origin) => gateway.originAllowed(origin));
  if (config.demo) registerDemoRoutes(app);
  registerStatic(app, config.rootDir ?? DEFAULT_ROOT);

  // Sockets first: the HTTP server's close waits for every connection, upgraded ones included.
  app.addHook('preClose', async () => {
    await presence.close();
    await gateway.close();
    await online.close();
  });
  const releaseTemplates = holdTemplateWorkers({ warm: config.warmTemplates });
  app.addHook('onClose', async () => {
    await releaseTemplates();
    stopPrune();
    stopPruneFiles();
    stopAutoClose();
    stopSla();
    stopAnalytics();
    stopSearchIndex();
    stopChannels();
    stopKicks();
    outbox.stop();
    crmAutoSave.stop();
    live.stop();
    clearInterval(storesTimer);
    await hostCrm?.close();
    await outbox.idle();
    await crmAutoSave.idle();
    await pgBus?.close();
    await opened.close();
  });
  return app;
}

/** The storage adapter the config names: PostgreSQL for `databaseUrl`, else the SQLite file. */
async function openStorage(
  config: ChatServerConfig,
  log: FastifyInstance['log'],
): Promise<{ storage: Storage; blobs: BlobStore; filesDir: string; sqlite?: NonNullable<ChatHandle['sqlite']>; node?: string; close(): Promise<void> }> {
  const filesDir = config.filesDir ?? join(dirname(resolve(config.dbFile)), 'files');
  if (config.databaseUrl !== undefined) {
    const pool = await openPostgres({
      url: config.databaseUrl,
      ...(config.databaseSchema ? { schema: config.databaseSchema } : {}),
      onIdleError: (err) => log.warn({ err }, 'PostgreSQL: an idle pooled connection failed (it is replaced on next use)'),
    });
    const node = randomUUID();
    // Every node of a cluster serves every file: the blobs live in the database too.
    return { storage: new PostgresStorage(pool, node), blobs: new PostgresBlobStore(pool), filesDir, node, close: () => pool.end() };
  }
  const db = openDatabase(config.dbFile);
  const checkpointer = startCheckpointer(db, config.dbFile, (err) => log.error({ err }, 'WAL checkpointer'));
  const repo = new Repo(db);
  return {
    storage: new SqliteStorage(repo),
    blobs: new FsBlobStore(filesDir),
    filesDir,
    sqlite: { db, repo, checkpointer },
    close: async () => {
      // The worker's connection first: the last connection to close copies the WAL back and removes it.
      await checkpointer.stop();
      db.close();
    },
  };
}
