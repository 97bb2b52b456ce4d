import type { FastifyInstance } from 'fastify';

export function registerHealth(app: FastifyInstance): void {
  app.get('/health', async () => ({
    ok: true,
    epoch: app.chat.epoch,
    seq: await app.chat.headSeq(),
    sessions: app.chat.sessionCount(),
  }));
}
