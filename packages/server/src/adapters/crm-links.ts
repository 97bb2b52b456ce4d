import type { CustomerStore, PortableSql } from '../ports/storage.js';

/**
 * S-W-CUST: which CRM customer a chat customer is (`customers.crm_customer_id`), the same SQL on
 * both adapters.
 */
export function crmLinks(sql: PortableSql): Pick<CustomerStore, 'crmLink' | 'setCrmLink' | 'relinkCrm' | 'linkedTo'> {
  return {
    crmLink: async (id) => (await sql.one<{ link: string | null }>('SELECT crm_customer_id AS link FROM customers WHERE id = $1', [id]))?.link ?? null,
    setCrmLink: async (id, crmCustomerId) => void (await sql.run('UPDATE customers SET crm_customer_id = $2 WHERE id = $1', [id, crmCustomerId])),
    relinkCrm: async (from, to) => {
      const ids = (await sql.all<{ id: number }>('SELECT id FROM customers WHERE crm_customer_id = $1 ORDER BY id', [from])).map((r) => r.id);
      await sql.run('UPDATE customers SET crm_customer_id = $2 WHERE crm_customer_id = $1', [from, to]);
      return ids;
    },
    linkedTo: async (crmCustomerId) => (await sql.all<{ id: number }>('SELECT id FROM customers WHERE crm_customer_id = $1 ORDER BY id', [crmCustomerId])).map((r) => r.id),
  };
}
