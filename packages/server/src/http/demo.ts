import type { FastifyInstance } from 'fastify';
import { ChatError } from '@chatdesk/protocol';
import { signUserToken } from '../auth/host-token.js';
import { demoUsers } from '../demo/seed.js';
import { DEMO_CARD_EMAIL } from '../demo/crm-seed.js';

/**
 * Demo only: these routes play the host CRM's backend, which knows its users and signs their
 * tokens. A real deployment never exposes them (`config.demo` is off).
 */
export function registerDemoRoutes(app: FastifyInstance): void {
  app.get('/demo/users', async () => ({ users: demoUsers }));

  // The demo CRM page's customer and order cards: the demo customer as the CRM has her now.
  app.get('/demo/crm-card', async () => {
    const [customer] = await app.chat.crm.customers.search(DEMO_CARD_EMAIL, 1);
    return { customer: customer ?? null, order: customer ? await app.chat.crm.orders.current(customer.id) : null };
  });

  app.get<{ Querystring: { user?: string } }>('/demo/token', async (req) => {
    const user = demoUsers.find((u) => u.id === req.query.user);
    if (!user) throw new ChatError('NOT_FOUND', 'No such demo user.');
    return {
      token: signUserToken(app.chat.config.secret, {
        id: user.id,
        name: user.name,
        rights: user.rights,
        ttlSeconds: 300,
        now: app.chat.config.clock.now(),
      }),
    };
  });
}
