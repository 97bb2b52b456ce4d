import * as v from 'valibot';
import { Attachment, ChatError, doc, integrationApi as api, limits } from '@chatdesk/protocol';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { bearerToken } from '../auth/module-token.js';
import { verifyWebhook } from '../channels/integration/standard-webhooks.js';
import type { ModuleRow } from '../ports/storage.js';
import type { SystemContext } from '../services/context.js';
import {
  channelPrivacy,
  listChannels,
  moduleByToken,
  receiveConsent,
  receiveDelete,
  receiveEdit,
  receiveMessage,
  receiveStatus,
  registerChannel,
  removeChannel,
} from '../services/integrations.js';
import { openApiDocument, type ApiRoute } from './openapi.js';

/**
 * S-CH-2: the HTTP integration API a messenger module speaks (`/api/v1/…`), described by the
 * OpenAPI document it serves at `/api/v1/openapi.json`, generated from these very routes and the
 * protocol's valibot schemas (protocol/src/integration-api.ts). Every call carries the module's
 * token (`Authorization: Bearer cdm_…`) and is signed the Standard Webhooks way with the module's
 * webhook secret (the same signature our webhooks to it carry); a replayed signature is refused.
 * Each call runs as one action of the unit of work.
 */

/** How long a signature is good for, and so how long its id is remembered against replays. */
const SIGNATURE_TOLERANCE_S = 5 * 60;

interface Route extends ApiRoute {
  run(ctx: SystemContext, module: ModuleRow, input: { params: unknown; body: unknown }): Promise<unknown>;
}

const MODULE_ERRORS = {
  UNAUTHENTICATED: 'no module token, an unknown one, or a call not signed with the module\'s webhook secret (missing, wrong, older or newer than 5 minutes, or replayed: `details.reason`)',
  INVALID_PARAMS: 'the body or path does not match the schema (`details`: the issues)',
} as const;

export const integrationRoutes: readonly Route[] = [
  {
    method: 'GET',
    path: '/api/v1/channels',
    operationId: 'listChannels',
    summary: 'The module\'s channels',
    auth: 'module',
    signed: true,
    response: { status: 200, description: 'Every channel the module registered, removed ones included (`capabilities.connected` false).', schema: v.object({ channels: v.array(api.ApiChannel) }) },
    errors: { ...MODULE_ERRORS },
    run: async (ctx, module) => ({ channels: await listChannels(ctx, module) }),
  },
  {
    method: 'PUT',
    path: '/api/v1/channels/:code',
    operationId: 'registerChannel',
    summary: 'Register a channel, or update its name and capabilities',
    description: 'Idempotent on the module\'s code for the channel. Managers\' panels learn the change at once. The kind cannot change once registered.',
    auth: 'module',
    signed: true,
    params: api.ChannelCodeParams,
    body: api.ChannelRegistration,
    response: { status: 200, description: 'The channel as registered; `created` when it is new.', schema: v.object({ channel: api.ApiChannel, created: v.boolean() }) },
    errors: { ...MODULE_ERRORS, CONFLICT: 'the channel exists with another kind' },
    run: (ctx, module, i) => registerChannel(ctx, module, (i.params as { code: string }).code, i.body as v.InferOutput<typeof api.ChannelRegistration>),
  },
  {
    method: 'DELETE',
    path: '/api/v1/channels/:code',
    operationId: 'removeChannel',
    summary: 'Stop serving a channel',
    description: 'Its conversations stay as history; nothing can be sent into them until the channel is registered again.',
    auth: 'module',
    signed: true,
    params: api.ChannelCodeParams,
    response: { status: 200, description: 'The channel, `capabilities.connected` false.', schema: v.object({ channel: api.ApiChannel }) },
    errors: { ...MODULE_ERRORS, NOT_FOUND: 'the module has no channel of that code' },
    run: async (ctx, module, i) => ({ channel: await removeChannel(ctx, module, (i.params as { code: string }).code) }),
  },
  {
    method: 'POST',
    path: '/api/v1/messages',
    operationId: 'receiveMessage',
    summary: 'A customer\'s new message',
    description:
      'The customer is known by the channel\'s external id (created on first sight); their conversation on the channel is continued, or a new one opened and assigned as any other. Idempotent on `messageId`.',
    auth: 'module',
    signed: true,
    body: api.InboundMessage,
    response: { status: 200, description: 'The stored message (the first one stored, for a repeated `messageId`).', schema: api.InboundResult },
    errors: {
      ...MODULE_ERRORS,
      NOT_FOUND: 'the module has no channel of that code, or `replyToId` names no message of the conversation',
      FORBIDDEN: 'the customer is blocked (`details.reason: \'blocked\'`), a new customer has not agreed to the privacy policy yet (`details.reason: \'consent\'`, `details.privacy`: the policy to show; S-SET-5), or `replyToId` is given on a channel without quotes',
      CONFLICT: 'the channel was removed (`details.reason: \'disconnected\'`)',
      LIMIT_EXCEEDED: 'the text holds more than 2,000 characters, whitespace not counted',
    },
    run: (ctx, module, i) => receiveMessage(ctx, module, i.body as v.InferOutput<typeof api.InboundMessage>),
  },
  {
    method: 'POST',
    path: '/api/v1/messages/edit',
    operationId: 'receiveEdit',
    summary: 'The customer edited a message',
    description: 'The old text stays in the message\'s audit trail (S-DLG-7).',
    auth: 'module',
    signed: true,
    body: api.InboundEdit,
    response: { status: 200, description: 'The message\'s id and when it was edited.', schema: api.EditResult },
    errors: {
      ...MODULE_ERRORS,
      NOT_FOUND: 'no such channel, customer or message',
      FORBIDDEN: 'the customer is blocked',
      CONFLICT: 'the message was deleted',
      LIMIT_EXCEEDED: 'the text holds more than 2,000 characters, whitespace not counted',
    },
    run: (ctx, module, i) => receiveEdit(ctx, module, i.body as v.InferOutput<typeof api.InboundEdit>),
  },
  {
    method: 'POST',
    path: '/api/v1/messages/delete',
    operationId: 'receiveDelete',
    summary: 'The customer deleted a message',
    auth: 'module',
    signed: true,
    body: api.InboundDelete,
    response: { status: 200, description: 'The message\'s id and when it was deleted.', schema: api.DeleteResult },
    errors: { ...MODULE_ERRORS, NOT_FOUND: 'no such channel, customer or message', FORBIDDEN: 'the customer is blocked', CONFLICT: 'the message was deleted already' },
    run: (ctx, module, i) => receiveDelete(ctx, module, i.body as v.InferOutput<typeof api.InboundDelete>),
  },
  {
    method: 'POST',
    path: '/api/v1/statuses',
    operationId: 'reportStatus',
    summary: 'How a manager\'s message went',
    description:
      'S-DLG-13: `sent`, `delivered`, `read` (each also reaches the conversation\'s earlier replies still behind it) or `failed` (this message only). A status never goes back; a late report changes nothing and the answer says where the message stands.',
    auth: 'module',
    signed: true,
    body: api.StatusReport,
    response: { status: 200, description: 'The message\'s status after the report.', schema: api.StatusResult },
    errors: { ...MODULE_ERRORS, NOT_FOUND: 'no message of ours went to this module with that id' },
    run: (ctx, module, i) => receiveStatus(ctx, module, i.body as v.InferOutput<typeof api.StatusReport>),
  },
  {
    method: 'GET',
    path: '/api/v1/channels/:code/privacy',
    operationId: 'channelPrivacy',
    summary: 'The privacy policy a new customer must agree to on this channel (S-SET-5)',
    description: 'Show it in the messenger with a way to agree (a button, or a reply keyword of yours) before posting a new customer\'s first message; then report the agreement with POST /api/v1/consents.',
    auth: 'module',
    signed: true,
    params: api.ChannelCodeParams,
    response: { status: 200, description: 'The policy in force, or null.', schema: api.PrivacyResult },
    errors: { ...MODULE_ERRORS, NOT_FOUND: 'the module has no channel of that code' },
    run: (ctx, module, i) => channelPrivacy(ctx, module, (i.params as { code: string }).code),
  },
  {
    method: 'POST',
    path: '/api/v1/consents',
    operationId: 'reportConsent',
    summary: 'The customer agreed to the privacy policy (S-SET-5)',
    description: 'Their first message may then open a conversation (before it, POST /api/v1/messages answers 403 with `details.reason` `consent` and `details.privacy`). The customer is created on first sight. Reporting again keeps the first time.',
    auth: 'module',
    signed: true,
    body: api.ConsentReport,
    response: { status: 200, description: 'When they agreed.', schema: api.ConsentResult },
    errors: { ...MODULE_ERRORS, NOT_FOUND: 'the module has no channel of that code', CONFLICT: 'no policy is in force on the channel, or `version` is not the current one (`details.privacy`)' },
    run: (ctx, module, i) => receiveConsent(ctx, module, i.body as v.InferOutput<typeof api.ConsentReport>),
  },
];

/** The document `/api/v1/openapi.json` serves (the README's walk-through names its operations). */
/**
 * `POST /api/v1/files`, served with the chat's own uploads by http/files.ts (a multipart body, not
 * signed: the signed message that names the file sends it); described here with the others.
 */
export const moduleUploadRoute: ApiRoute = {
  method: 'POST',
  path: '/api/v1/files',
  operationId: 'uploadFile',
  summary: 'Upload a customer\'s file, then name it in `attachmentIds` of POST /api/v1/messages',
  description:
    'The file belongs to the customer of the channel the query names (created on first sight) until a message of theirs sends it; ' +
    'its type is read from its bytes, images are re-encoded with a preview. Not signed: only the module token. ' +
    `At most ${limits.maxSendBytes} bytes; unsent uploads expire.`,
  auth: 'module',
  query: api.UploadQuery,
  upload: `The file, as one part (any field name), at most ${limits.maxSendBytes} bytes.`,
  response: { status: 201, description: 'The stored file: its `id` goes into `attachmentIds`.', schema: v.object({ file: Attachment }) },
  errors: {
    UNAUTHENTICATED: 'no module token, or an unknown one',
    INVALID_PARAMS: 'the query names no channel and customer, or the body holds no readable file part',
    NOT_FOUND: 'the module has no channel of that code',
    CONFLICT: 'the channel was removed (`details.reason` `disconnected`)',
    LIMIT_EXCEEDED: 'the file is too large, or too many uploads wait unsent',
  },
};

/** `GET /api/v1/files/{id}`, also served by http/files.ts: the bytes of a file a webhook names. */
export const moduleFetchRoute: ApiRoute = {
  method: 'GET',
  path: '/api/v1/files/:id',
  operationId: 'fetchFile',
  summary: 'Fetch a file a webhook names (`message.attachments[].id`), to send it into the messenger',
  description:
    'Files sent in conversations of the module\'s own channels (managers\' and its customers\'); not signed, the module token alone. ' +
    'The body is the file\'s bytes with its `Content-Type`; a `Range: bytes=a-b` header answers `206` with that part.',
  auth: 'module',
  params: v.object({ id: doc(v.pipe(v.string(), v.regex(/^\d+$/)), 'The attachment\'s `id`.') }),
  response: { status: 200, description: 'The file\'s bytes.' },
  errors: {
    UNAUTHENTICATED: 'no module token, or an unknown one',
    NOT_FOUND: 'no such file in a conversation of the module\'s channels (an unsent upload, another module\'s, or none)',
  },
};

export function integrationApiDocument(): Record<string, unknown> {
  return openApiDocument([...integrationRoutes, moduleUploadRoute, moduleFetchRoute], {
    title: 'Chatdesk integration API',
    version: '1',
    description: 'What a messenger integration module calls (S-CH-2). Every call: `Authorization: Bearer <module token>` and a Standard Webhooks signature made with the module\'s webhook secret.',
  });
}

function parse<S extends v.GenericSchema>(schema: S | undefined, value: unknown, where: string): v.InferOutput<S> | undefined {
  if (!schema) return undefined;
  const parsed = v.safeParse(schema, value);
  if (!parsed.success) throw new ChatError('INVALID_PARAMS', `The ${where} does not match the schema.`, v.flatten(parsed.issues));
  return parsed.output;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The body as it came (the signature covers these bytes), on the integration API's routes. */
    rawBody?: string;
  }
}

/** The module a call comes from: its token, then its signature (never a replay). */
async function authenticate(ctx: SystemContext, req: FastifyRequest, route: Route): Promise<ModuleRow> {
  const module = await moduleByToken(ctx, bearerToken(req.headers.authorization));
  if (!route.signed) return module;
  const now = ctx.clock.now();
  const verdict = verifyWebhook(module.webhook_secret, req.headers, req.rawBody ?? '', now, SIGNATURE_TOLERANCE_S);
  if (!verdict.ok) throw new ChatError('UNAUTHENTICATED', 'The call is not signed with the module\'s webhook secret, or the signature is too old.', { reason: verdict.reason });
  if (!(await ctx.store.integrations.firstCall(module.id, verdict.id, now, now - 2 * SIGNATURE_TOLERANCE_S * 1000))) {
    throw new ChatError('UNAUTHENTICATED', 'This call (its webhook-id) was made before: a replay is refused.', { reason: 'replayed' });
  }
  return module;
}

export function registerIntegrationApi(app: FastifyInstance): void {
  const document = JSON.stringify(integrationApiDocument());
  void app.register(
    async (scope) => {
      // The signature covers the body's bytes: keep them as they came, then parse.
      scope.removeContentTypeParser('application/json');
      scope.addContentTypeParser('application/json', { parseAs: 'string' }, (req, body, done) => {
        const text = body as string;
        req.rawBody = text;
        if (text.length === 0) return done(null, undefined);
        try {
          done(null, JSON.parse(text));
        } catch {
          done(new ChatError('INVALID_PARAMS', 'The body is not JSON.'), undefined);
        }
      });
      scope.get('/openapi.json', async (_req, reply) => reply.type('application/json').send(document));
      for (const route of integrationRoutes) {
        scope.route({
          method: route.method,
          url: route.path.slice('/api/v1'.length),
          handler: async (req) => {
            // Checked before the module is looked up: a malformed call costs no read.
            const params = parse(route.params, req.params, 'path');
            const body = parse(route.body, req.body ?? {}, 'body');
            return app.chat.uow.system(async (ctx) => route.run(ctx, await authenticate(ctx, req, route), { params, body }));
          },
        });
      }
    },
    { prefix: '/api/v1' },
  );
}
