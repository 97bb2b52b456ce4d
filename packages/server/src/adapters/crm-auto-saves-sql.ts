import type { CrmAutoSaveRow, CrmAutoSaveStore, PortableSql } from '../ports/storage.js';

const COLUMNS = 'customer_id, conversation_id, state, attempts, next_at, crm_customer_id, last_error';

/**
 * S-CH-3: the distribution bot's saves of new customers in the CRM, the same SQL on both adapters
 * (migrations sqlite 020, postgres 011). Who makes an attempt is decided by the database: the
 * claim is an insert of the customer's one row (`ON CONFLICT DO NOTHING`: one inserter wins), a
 * retry is a conditional update of `next_at` (one updater wins), and an attempt's end counts only
 * while its number is still the row's (a node whose lease ran out cannot overwrite its successor).
 */
export function crmAutoSaveStore(sql: PortableSql): CrmAutoSaveStore {
  return {
    claim: async (customerId, conversationId, now, until) =>
      (await sql.one<{ customer_id: number }>(
        `INSERT INTO crm_auto_saves (customer_id, conversation_id, state, attempts, next_at, created_at) VALUES ($1, $2, 'pending', 1, $3, $4)
         ON CONFLICT (customer_id) DO NOTHING RETURNING customer_id`,
        [customerId, conversationId, until, now],
      )) !== undefined,
    get: (customerId) => sql.one<CrmAutoSaveRow>(`SELECT ${COLUMNS} FROM crm_auto_saves WHERE customer_id = $1`, [customerId]),
    due: (now, limit) => sql.all<CrmAutoSaveRow>(`SELECT ${COLUMNS} FROM crm_auto_saves WHERE state = 'pending' AND next_at <= $1 ORDER BY next_at, customer_id LIMIT $2`, [now, limit]),
    lease: (customerId, now, until) =>
      sql.one<CrmAutoSaveRow>(
        `UPDATE crm_auto_saves SET attempts = attempts + 1, next_at = $3 WHERE customer_id = $1 AND state = 'pending' AND next_at <= $2 RETURNING ${COLUMNS}`,
        [customerId, now, until],
      ),
    settle: async (customerId, attempt, outcome, now) => {
      const pending = outcome.state === 'pending';
      const changed = await sql.run(
        `UPDATE crm_auto_saves SET state = $3, next_at = $4, crm_customer_id = $5, last_error = $6, done_at = $7
         WHERE customer_id = $1 AND attempts = $2 AND state = 'pending'`,
        [
          customerId,
          attempt,
          outcome.state,
          pending ? outcome.retryAt : now,
          outcome.state === 'saved' ? outcome.crmCustomerId : null,
          outcome.state === 'saved' ? null : outcome.error.slice(0, 500),
          pending ? null : now,
        ],
      );
      return changed > 0;
    },
  };
}
