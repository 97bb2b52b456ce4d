import type { Db } from './db.js';

/** S-SET-5's agreements (migration 016); services/privacy.ts decides when one is needed. */
export class ConsentsRepo {
  private readonly s;

  constructor(db: Db) {
    const p = (sql: string) => db.prepare(sql);
    this.s = {
      accept: p(`INSERT INTO privacy_consents (customer_id, channel_id, version, accepted_at) VALUES (?, ?, ?, ?)
        ON CONFLICT (customer_id, channel_id, version) DO NOTHING`),
      acceptedAt: p('SELECT accepted_at FROM privacy_consents WHERE customer_id = ? AND channel_id = ? AND version = ?').pluck(),
      attach: p('INSERT INTO conversation_consents (conversation_id, version, accepted_at) VALUES (?, ?, ?)'),
      ofConversation: p('SELECT version, accepted_at FROM conversation_consents WHERE conversation_id = ?'),
    };
  }

  accept(customerId: number, channelId: number, version: string, at: number): void {
    this.s.accept.run(customerId, channelId, version, at);
  }

  acceptedAt(customerId: number, channelId: number, version: string): number | undefined {
    return this.s.acceptedAt.get(customerId, channelId, version) as number | undefined;
  }

  attach(conversationId: number, version: string, at: number): void {
    this.s.attach.run(conversationId, version, at);
  }

  ofConversation(conversationId: number): { version: string; accepted_at: number } | undefined {
    return this.s.ofConversation.get(conversationId) as { version: string; accepted_at: number } | undefined;
  }
}
