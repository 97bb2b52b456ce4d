import type { Db } from './db.js';
import type { ChannelRow, ModuleRow, NewOutboxRow, OutboxRow } from './rows.js';

/**
 * Messenger integration modules, their channels and their customers' external ids (migration
 * 014). No rules here: services/integrations.ts decides who may do what.
 */
export class IntegrationsRepo {
  private readonly s;

  constructor(private readonly db: Db) {
    const p = (sql: string) => db.prepare(sql);
    this.s = {
      listChannels: p('SELECT * FROM channels ORDER BY id'),
      channelOfModule: p('SELECT * FROM channels WHERE module_id = ? AND code = ?'),
      insertChannel: p('INSERT INTO channels (kind, name, created_at, module_id, code, capabilities) VALUES (@kind, @name, @now, @moduleId, @code, @capabilities)'),
      updateChannel: p('UPDATE channels SET name = ?, capabilities = ? WHERE id = ?'),
      insertModule: p(`INSERT INTO integration_modules (code, name, token_hash, webhook_url, webhook_secret, created_at)
        VALUES (@code, @name, @token_hash, @webhook_url, @webhook_secret, @now)`),
      module: p('SELECT * FROM integration_modules WHERE id = ?'),
      moduleByCode: p('SELECT * FROM integration_modules WHERE code = ?'),
      moduleByToken: p('SELECT * FROM integration_modules WHERE token_hash = ?'),
      modules: p('SELECT * FROM integration_modules ORDER BY id'),
      customerOf: p('SELECT customer_id FROM customer_identities WHERE channel_id = ? AND external_id = ?').pluck(),
      link: p('INSERT INTO customer_identities (channel_id, external_id, customer_id, created_at) VALUES (?, ?, ?, ?)'),
      forgetCalls: p('DELETE FROM module_call_ids WHERE seen_at < ?'),
      noteCall: p('INSERT INTO module_call_ids (module_id, call_id, seen_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING'),
      enqueue: p(`INSERT INTO outbox (module_id, conversation_id, message_id, webhook_id, type, body, next_at, created_at)
        VALUES (@module_id, @conversation_id, @message_id, @webhook_id, @type, @body, @created_at, @created_at)`),
      due: p(`SELECT o.* FROM outbox o WHERE o.state = 'pending' AND o.next_at <= ?
        AND NOT EXISTS (SELECT 1 FROM outbox p WHERE p.state = 'pending' AND p.conversation_id = o.conversation_id AND p.id < o.id)
        ORDER BY o.id LIMIT ?`),
      lease: p(`UPDATE outbox SET next_at = ? WHERE id = ? AND state = 'pending' AND next_at <= ?`),
      outboxItem: p('SELECT * FROM outbox WHERE id = ?'),
      delivered: p(`UPDATE outbox SET state = 'delivered', attempts = attempts + 1, done_at = ?, last_error = NULL WHERE id = ?`),
      retryAt: p(`UPDATE outbox SET attempts = attempts + 1, next_at = ?, last_error = ? WHERE id = ? AND state = 'pending'`),
      failed: p(`UPDATE outbox SET state = 'failed', attempts = attempts + 1, done_at = ?, last_error = ? WHERE id = ? AND state = 'pending'`),
      pendingAll: p(`SELECT count(*) FROM outbox WHERE state = 'pending'`).pluck(),
      pendingOf: p(`SELECT count(*) FROM outbox WHERE state = 'pending' AND module_id = ?`).pluck(),
      externalIdOf: p('SELECT external_id FROM customer_identities WHERE channel_id = ? AND customer_id = ? ORDER BY created_at LIMIT 1').pluck(),
    };
  }

  listChannels(): ChannelRow[] {
    return this.s.listChannels.all() as ChannelRow[];
  }

  channelOfModule(moduleId: number, code: string): ChannelRow | undefined {
    return this.s.channelOfModule.get(moduleId, code) as ChannelRow | undefined;
  }

  insertChannel(c: { moduleId: number; code: string; kind: string; name: string; capabilities: string }, now: number): number {
    return Number(this.s.insertChannel.run({ ...c, now }).lastInsertRowid);
  }

  updateChannel(id: number, name: string, capabilities: string): void {
    this.s.updateChannel.run(name, capabilities, id);
  }

  insertModule(m: Omit<ModuleRow, 'id' | 'created_at'>, now: number): number {
    return Number(this.s.insertModule.run({ ...m, now }).lastInsertRowid);
  }

  module(id: number): ModuleRow | undefined {
    return this.s.module.get(id) as ModuleRow | undefined;
  }

  moduleByCode(code: string): ModuleRow | undefined {
    return this.s.moduleByCode.get(code) as ModuleRow | undefined;
  }

  moduleByToken(hash: string): ModuleRow | undefined {
    return this.s.moduleByToken.get(hash) as ModuleRow | undefined;
  }

  modules(): ModuleRow[] {
    return this.s.modules.all() as ModuleRow[];
  }

  /** Only the columns given change (`undefined` keeps one). */
  updateModule(id: number, m: Partial<Pick<ModuleRow, 'name' | 'token_hash' | 'webhook_url' | 'webhook_secret'>>): void {
    const cols = (['name', 'token_hash', 'webhook_url', 'webhook_secret'] as const).filter((c) => m[c] !== undefined);
    if (cols.length === 0) return;
    this.db.prepare(`UPDATE integration_modules SET ${cols.map((c) => `${c} = @${c}`).join(', ')} WHERE id = @id`).run({ ...m, id });
  }

  customerOf(channelId: number, externalId: string): number | undefined {
    return this.s.customerOf.get(channelId, externalId) as number | undefined;
  }

  link(channelId: number, externalId: string, customerId: number, now: number): void {
    this.s.link.run(channelId, externalId, customerId, now);
  }

  firstCall(moduleId: number, callId: string, now: number, forgetBefore: number): boolean {
    this.s.forgetCalls.run(forgetBefore);
    return this.s.noteCall.run(moduleId, callId, now).changes > 0;
  }

  externalIdOf(channelId: number, customerId: number): string | undefined {
    return this.s.externalIdOf.get(channelId, customerId) as string | undefined;
  }

  enqueue(row: NewOutboxRow): number {
    return Number(this.s.enqueue.run(row).lastInsertRowid);
  }

  due(now: number, limit: number): OutboxRow[] {
    return this.s.due.all(now, limit) as OutboxRow[];
  }

  lease(id: number, now: number, until: number): boolean {
    return this.s.lease.run(until, id, now).changes > 0;
  }

  outboxItem(id: number): OutboxRow | undefined {
    return this.s.outboxItem.get(id) as OutboxRow | undefined;
  }

  delivered(id: number, now: number): void {
    this.s.delivered.run(now, id);
  }

  retryAt(id: number, nextAt: number, error: string): void {
    this.s.retryAt.run(nextAt, error, id);
  }

  failed(id: number, now: number, error: string): void {
    this.s.failed.run(now, error, id);
  }

  pendingCount(moduleId?: number): number {
    return (moduleId === undefined ? this.s.pendingAll.get() : this.s.pendingOf.get(moduleId)) as number;
  }
}
