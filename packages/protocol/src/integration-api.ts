import * as v from 'valibot';
import { doc } from './doc.js';
import { ChannelCapabilities, DeliveryStatus, Id } from './entities.js';
import { limits } from './limits.js';
import { MessageText, text } from './text.js';
import { AttachmentIds, CONTENT_RULE, hasContent, SendText } from './files.js';

// S-CH-2: the HTTP integration API (`/api/v1`) a messenger module speaks: the server validates
// every body with these, and its OpenAPI document is generated from them (http/integration-api.ts).

/** A module's own name for something of its messenger: a channel (its bot, its number …). */
export const ChannelCode = doc(
  v.pipe(v.string(), v.regex(/^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$/, 'must be 1–64 of A–Z a–z 0–9 _ . : - (not starting with a sign)')),
  'The module\'s code for the channel (its bot\'s or number\'s id): unique within the module, stable.',
);

/** An id the messenger gave: a customer's, a message's. Any text but control characters. */
export const ExternalId = doc(
  v.pipe(text(limits.maxExternalIdChars), v.minLength(1), v.regex(/^[^\u0000-\u001f\u007f]+$/, 'must not hold control characters')),
  `The messenger's own id, 1–${limits.maxExternalIdChars} characters.`,
);

export const ChannelKind = doc(
  v.pipe(v.string(), v.regex(/^[a-z][a-z0-9_-]{0,31}$/, 'must be 1–32 of a–z 0–9 _ - starting with a letter'), v.check((k) => k !== 'web', '`web` is the built-in web channel\'s')),
  'Which messenger: `telegram`, `whatsapp`, `vk`, `messenger` … (the panel picks the icon by it).',
);

/** What a module says its channel carries: every flag false unless given, limits at most ours. */
export const ChannelCapabilitiesIn = v.object({
  quote: v.optional(v.boolean(), false),
  edit: v.optional(v.boolean(), false),
  delete: v.optional(v.boolean(), false),
  image: v.optional(v.boolean(), false),
  file: v.optional(v.boolean(), false),
  audio: v.optional(v.boolean(), false),
  product: v.optional(v.boolean(), false),
  order: v.optional(v.boolean(), false),
  deliveredReports: v.optional(v.boolean(), false),
  readReports: v.optional(v.boolean(), false),
  maxTextChars: v.optional(
    doc(v.pipe(v.number(), v.safeInteger(), v.minValue(1), v.maxValue(limits.maxMessageChars)), `Characters a message may hold (whitespace not counted), at most ${limits.maxMessageChars}.`),
    limits.maxMessageChars,
  ),
  maxFileBytes: v.optional(
    doc(v.pipe(v.number(), v.safeInteger(), v.minValue(0), v.maxValue(limits.maxSendBytes)), `The largest file the messenger takes, at most ${limits.maxSendBytes}; 0: none.`),
    0,
  ),
});

export const ChannelRegistration = v.object({
  kind: ChannelKind,
  name: doc(v.pipe(text(100), v.trim(), v.minLength(1)), 'What managers see: «Telegram @shop_bot».'),
  capabilities: v.optional(ChannelCapabilitiesIn, {}),
});
export type ChannelRegistration = v.InferOutput<typeof ChannelRegistration>;

export const ApiChannel = v.object({
  id: doc(Id, 'Our id of the channel (conversations and messages name it).'),
  code: ChannelCode,
  kind: v.string(),
  name: v.string(),
  capabilities: ChannelCapabilities,
  createdAt: v.number(),
});
export type ApiChannel = v.InferOutput<typeof ApiChannel>;

export const ChannelCodeParams = v.object({ code: ChannelCode });

export const InboundCustomer = v.object({
  externalId: doc(ExternalId, 'The customer\'s id in the messenger: the same id is the same customer on this channel.'),
  name: v.optional(doc(v.pipe(text(100), v.trim(), v.minLength(1)), 'Shown to managers; taken when the customer is first seen.')),
  phone: v.optional(v.pipe(text(32), v.trim(), v.minLength(1))),
  email: v.optional(v.pipe(text(254), v.trim(), v.email())),
});

export const InboundMessage = v.pipe(
  v.object({
    channel: ChannelCode,
    customer: InboundCustomer,
    messageId: doc(ExternalId, 'The messenger\'s id of the message: posting the same id again stores nothing new (idempotent).'),
    text: v.optional(SendText, ''),
    attachmentIds: v.optional(doc(AttachmentIds, 'Files the module uploaded for this customer (`POST /api/v1/files`), not sent yet, in the order to show them.')),
    replyToId: v.optional(doc(Id, 'Our id of a message of the conversation the customer quotes (the channel must carry quotes).')),
  }),
  v.forward(v.partialCheck([['text'], ['attachmentIds']], hasContent, CONTENT_RULE), ['text']),
);
export type InboundMessage = v.InferOutput<typeof InboundMessage>;

export const InboundResult = v.object({
  message: v.object({ id: Id, conversationId: Id, customerId: Id, createdAt: v.number() }),
  duplicate: doc(v.boolean(), 'True when this messageId was posted before: nothing new was stored, the first answer is repeated.'),
});

/** A message of the customer's, by the ids the module knows. */
const CustomerMessageRef = {
  channel: ChannelCode,
  customerExternalId: ExternalId,
  messageId: ExternalId,
};

export const InboundEdit = v.object({ ...CustomerMessageRef, text: MessageText });
export const InboundDelete = v.object(CustomerMessageRef);
export const EditResult = v.object({ message: v.object({ id: Id, editedAt: v.number() }) });
export const DeleteResult = v.object({ message: v.object({ id: Id, deletedAt: v.number() }) });

export const StatusReport = v.object({
  messageId: doc(Id, 'Our id of the manager\'s message (the webhook that carried it named it).'),
  status: doc(v.picklist(['sent', 'delivered', 'read', 'failed']), 'S-DLG-13: how far it got; a status never goes back (a late `sent` after `read` changes nothing).'),
  reason: v.optional(doc(text(500), 'Why it failed, as the messenger said (for `failed`).')),
});
export const StatusResult = v.object({ status: doc(DeliveryStatus, 'The message\'s status after the report.') });

/** S-SET-5: the customer agreed in the messenger (a button or the reply keyword the module shows) to the policy version the refusal named. */
export const ConsentReport = v.object({
  channel: ChannelCode,
  customer: InboundCustomer,
  version: doc(v.pipe(v.string(), v.minLength(1), v.maxLength(64)), 'The `version` of the policy shown (from the refusal\'s `details.privacy` or `GET /api/v1/channels/{code}/privacy`).'),
});
export const ConsentResult = v.object({ acceptedAt: doc(v.number(), 'When they agreed (the first time, if reported again).') });
export const PrivacyResult = v.object({
  privacy: doc(v.nullable(v.object({ text: v.string(), link: v.string(), version: v.string() })), 'The policy a new conversation on this channel needs the customer\'s agreement to; null: none.'),
});

/** The API's error body, as every HTTP route of ours answers. */
export const ApiErrorBody = v.object({ error: v.object({ code: v.string(), message: v.string(), details: v.optional(v.unknown()) }) });

/** Where a module's upload belongs: the customer who sends it, on one of its channels. */
export const UploadQuery = v.object({ channel: ChannelCode, customer: ExternalId });
