import * as v from 'valibot';
import { doc } from './doc.js';
import { Id } from './entities.js';
import { defineMethod } from './define.js';
import { ApiChannel } from './integration-api.js';
import { text } from './text.js';

// S-CH-2: admins and chat admins manage the messenger integration modules (the modules then call
// the HTTP integration API, protocol/src/integration-api.ts, with the token made here).

export const ModuleCode = doc(
  v.pipe(v.string(), v.regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, 'must be 1–64 of a–z 0–9 _ -')),
  'A module\'s unique code: `telegram-bot`, `whatsapp` …',
);

export const WebhookUrl = doc(
  v.pipe(
    v.string(),
    v.maxLength(2048),
    v.url(),
    v.check((u) => /^https?:\/\//i.test(u) && !/^[a-z]+:\/\/[^/]*@/i.test(u), 'must be an http(s) URL without credentials'),
  ),
  'Where our webhooks go (a manager\'s message, an edit …), POSTed and signed; checked against private addresses when sent.',
);

export const IntegrationModule = v.object({
  id: Id,
  code: ModuleCode,
  name: v.string(),
  webhookUrl: v.nullable(v.string()),
  createdAt: v.number(),
  channels: doc(v.array(ApiChannel), 'The channels it registered.'),
});
export type IntegrationModule = v.InferOutput<typeof IntegrationModule>;

const Secrets = {
  token: doc(v.string(), 'The module\'s API token (`Authorization: Bearer …`): shown this once, only its hash is kept.'),
  webhookSecret: doc(v.string(), '`whsec_…`: signs our webhooks to the module and its calls to us (Standard Webhooks); shown this once.'),
};

const ADMINS = { FORBIDDEN: 'not an admin or chat admin' } as const;

export const moduleMethods = {
  'modules.list': defineMethod({
    params: v.object({}),
    result: v.object({ modules: v.array(IntegrationModule) }),
    doc: 'S-CH-2, admins and chat admins: the messenger integration modules and their channels.',
    errors: ADMINS,
  }),
  'modules.create': defineMethod({
    params: v.object({ code: ModuleCode, name: v.pipe(text(100), v.trim(), v.minLength(1)), webhookUrl: v.optional(v.nullable(WebhookUrl), null) }),
    result: v.object({ module: IntegrationModule, ...Secrets }),
    doc: 'S-CH-2, admins and chat admins: a new module, with its token and webhook secret (shown once).',
    errors: { ...ADMINS, CONFLICT: 'a module has that code' },
  }),
  'modules.update': defineMethod({
    params: v.object({ moduleId: Id, name: v.optional(v.pipe(text(100), v.trim(), v.minLength(1))), webhookUrl: v.optional(v.nullable(WebhookUrl)) }),
    result: v.object({ module: IntegrationModule }),
    doc: 'S-CH-2, admins and chat admins: a module\'s name or webhook URL (null: no webhooks).',
    errors: { ...ADMINS, NOT_FOUND: 'no such module' },
  }),
  'modules.rotateSecrets': defineMethod({
    params: v.object({ moduleId: Id }),
    result: v.object({ module: IntegrationModule, ...Secrets }),
    doc: 'S-CH-2, admins and chat admins: a new token and webhook secret for a module (the old ones stop working at once).',
    errors: { ...ADMINS, NOT_FOUND: 'no such module' },
  }),
} as const;
