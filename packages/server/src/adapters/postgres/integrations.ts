import type { ChannelRow, ChannelStore, IntegrationStore, ModuleRow, OutboxRow, OutboxStore } from '../../ports/storage.js';
import type { Sql } from './sql.js';

const CHANNEL = 'id, kind, name, created_at, module_id, code, capabilities';
const MODULE = 'id, code, name, token_hash, webhook_url, webhook_secret, created_at';

/** The channel port's module half (migration 005), as the SQLite adapter's IntegrationsRepo. */
export function moduleChannelStore(sql: Sql): Pick<ChannelStore, 'list' | 'ofModule' | 'insertOfModule' | 'updateOfModule'> {
  return {
    list: () => sql.all<ChannelRow>(`SELECT ${CHANNEL} FROM channels ORDER BY id`, []),
    ofModule: (moduleId, code) => sql.one<ChannelRow>(`SELECT ${CHANNEL} FROM channels WHERE module_id = $1 AND code = $2`, [moduleId, code]),
    insertOfModule: async (c, now) =>
      (await sql.one<{ id: number }>(
        'INSERT INTO channels (kind, name, created_at, module_id, code, capabilities) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id',
        [c.kind, c.name, now, c.moduleId, c.code, c.capabilities],
      ))!.id,
    updateOfModule: async (id, c) => void (await sql.run('UPDATE channels SET name = $1, capabilities = $2 WHERE id = $3', [c.name, c.capabilities, id])),
  };
}

/** Messenger modules and their customers' external ids. No rules here: services/integrations.ts has them. */
export function integrationStore(sql: Sql): IntegrationStore {
  return {
    insertModule: async (m, now) =>
      (await sql.one<{ id: number }>(
        'INSERT INTO integration_modules (code, name, token_hash, webhook_url, webhook_secret, created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id',
        [m.code, m.name, m.token_hash, m.webhook_url, m.webhook_secret, now],
      ))!.id,
    getModule: (id) => sql.one<ModuleRow>(`SELECT ${MODULE} FROM integration_modules WHERE id = $1`, [id]),
    moduleByCode: (code) => sql.one<ModuleRow>(`SELECT ${MODULE} FROM integration_modules WHERE code = $1`, [code]),
    moduleByTokenHash: (hash) => sql.one<ModuleRow>(`SELECT ${MODULE} FROM integration_modules WHERE token_hash = $1`, [hash]),
    listModules: () => sql.all<ModuleRow>(`SELECT ${MODULE} FROM integration_modules ORDER BY id`, []),
    updateModule: async (id, m) => {
      const cols = (['name', 'token_hash', 'webhook_url', 'webhook_secret'] as const).filter((c) => m[c] !== undefined);
      if (cols.length === 0) return;
      await sql.run(`UPDATE integration_modules SET ${cols.map((c, i) => `${c} = $${i + 2}`).join(', ')} WHERE id = $1`, [id, ...cols.map((c) => m[c])]);
    },
    customerOf: async (channelId, externalId) =>
      (await sql.one<{ customer_id: number }>('SELECT customer_id FROM customer_identities WHERE channel_id = $1 AND external_id = $2', [channelId, externalId]))?.customer_id,
    linkCustomer: async (channelId, externalId, customerId, now) =>
      void (await sql.run('INSERT INTO customer_identities (channel_id, external_id, customer_id, created_at) VALUES ($1, $2, $3, $4)', [channelId, externalId, customerId, now])),
    firstCall: async (moduleId, callId, now, forgetBefore) => {
      await sql.run('DELETE FROM module_call_ids WHERE seen_at < $1', [forgetBefore]);
      return (await sql.run('INSERT INTO module_call_ids (module_id, call_id, seen_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING', [moduleId, callId, now])) > 0;
    },
    externalIdOf: async (channelId, customerId) =>
      (await sql.one<{ external_id: string }>('SELECT external_id FROM customer_identities WHERE channel_id = $1 AND customer_id = $2 ORDER BY created_at LIMIT 1', [channelId, customerId]))
        ?.external_id,
  };
}

const OUTBOX = 'id, module_id, conversation_id, message_id, webhook_id, type, body, state, attempts, next_at, last_error, created_at, done_at';

/** S-CH-2's outbox, as the SQLite adapter's (migration 005). */
export function outboxStore(sql: Sql): OutboxStore {
  return {
    enqueue: async (r) =>
      (await sql.one<{ id: number }>(
        `INSERT INTO outbox (module_id, conversation_id, message_id, webhook_id, type, body, next_at, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $7) RETURNING id`,
        [r.module_id, r.conversation_id, r.message_id, r.webhook_id, r.type, r.body, r.created_at],
      ))!.id,
    due: (now, limit) =>
      sql.all<OutboxRow>(
        `SELECT ${OUTBOX} FROM outbox o WHERE o.state = 'pending' AND o.next_at <= $1
         AND NOT EXISTS (SELECT 1 FROM outbox p WHERE p.state = 'pending' AND p.conversation_id = o.conversation_id AND p.id < o.id)
         ORDER BY o.id LIMIT $2`,
        [now, limit],
      ),
    lease: async (id, now, until) => (await sql.run(`UPDATE outbox SET next_at = $1 WHERE id = $2 AND state = 'pending' AND next_at <= $3`, [until, id, now])) > 0,
    get: (id) => sql.one<OutboxRow>(`SELECT ${OUTBOX} FROM outbox WHERE id = $1`, [id]),
    delivered: async (id, now) => void (await sql.run(`UPDATE outbox SET state = 'delivered', attempts = attempts + 1, done_at = $1, last_error = NULL WHERE id = $2`, [now, id])),
    retryAt: async (id, nextAt, error) => void (await sql.run(`UPDATE outbox SET attempts = attempts + 1, next_at = $1, last_error = $2 WHERE id = $3 AND state = 'pending'`, [nextAt, error, id])),
    failed: async (id, now, error) =>
      void (await sql.run(`UPDATE outbox SET state = 'failed', attempts = attempts + 1, done_at = $1, last_error = $2 WHERE id = $3 AND state = 'pending'`, [now, error, id])),
    pendingCount: async (moduleId) =>
      Number(
        (moduleId === undefined
          ? await sql.one<{ n: number }>(`SELECT count(*)::int AS n FROM outbox WHERE state = 'pending'`, [])
          : await sql.one<{ n: number }>(`SELECT count(*)::int AS n FROM outbox WHERE state = 'pending' AND module_id = $1`, [moduleId]))?.n ?? 0,
      ),
  };
}
