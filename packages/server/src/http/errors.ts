import { ChatError, errorCodes, type ErrorBody } from '@chatdesk/protocol';
import type { FastifyError, FastifyInstance } from 'fastify';

/** HTTP errors carry the same codes as the WebSocket protocol: `{error: {code, message, details?}}`. */
export function registerErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError | ChatError, req, reply) => {
    if (err instanceof ChatError) return reply.code(errorCodes[err.code].status).send({ error: err.toBody() });
    if (typeof err.statusCode === 'number' && err.statusCode < 500) {
      // Fastify's own client errors: bad JSON body, too large, unsupported media type.
      const body: ErrorBody = { code: err.statusCode === 413 ? 'LIMIT_EXCEEDED' : 'INVALID_PARAMS', message: err.message };
      return reply.code(err.statusCode).send({ error: body });
    }
    req.log.error({ err }, 'request failed');
    return reply.code(500).send({ error: { code: 'INTERNAL', message: errorCodes.INTERNAL.message } });
  });
  app.setNotFoundHandler((_req, reply) => reply.code(404).send({ error: { code: 'NOT_FOUND', message: errorCodes.NOT_FOUND.message } }));
}
