// The built-in CRM (adapters/crm/builtin.ts) passes the CRM port's contract on the chat's own
// database: SQLite, or PostgreSQL when CHATDESK_TEST_STORAGE=postgres (npm test runs both).
import type { TestContext } from 'node:test';
import { startTestServer } from '../src/testing.js';
import { readCatalogue } from '../src/adapters/crm/catalogue.js';
import type { BuiltinCrm } from '../src/adapters/crm/builtin.js';
import { crmContract } from './crm-contract.js';

crmContract('built-in CRM', async (t: TestContext) => {
  const server = await startTestServer();
  t.after(() => server.close());
  const crm = server.app.chat.crm as BuiltinCrm;
  await crm.importCatalogue(readCatalogue());
  return crm;
});
