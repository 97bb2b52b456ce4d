// The storage port's contract against the PostgreSQL adapter, each test in a schema of its own
// (dropped after it) of the database CHATDESK_TEST_DATABASE_URL names (default: `test` on
// 127.0.0.1, as on every machine of this project).
import { dropSchema, openPostgres } from '../src/adapters/postgres/db.js';
import { PostgresStorage } from '../src/adapters/postgres/postgres-storage.js';
import { storageContract } from './storage-contract.js';

const url = process.env['CHATDESK_TEST_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';
let n = 0;

storageContract('PostgreSQL', async () => {
  const schema = `contract_${process.pid}_${++n}`;
  const pool = await openPostgres({ url, schema, max: 4 });
  return {
    storage: new PostgresStorage(pool),
    close: async () => {
      await pool.end();
      await dropSchema(url, schema);
    },
  };
});
