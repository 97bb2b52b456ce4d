import * as v from 'valibot';
import { doc } from './doc.js';
import { ClientMessageId, Conversation, Id, Message, Timestamp } from './entities.js';
import { MAX_CARDS } from './message-cards.js';
import { limits } from './limits.js';
import { defineMethod } from './define.js';
import { text } from './text.js';
import {
  CrmCustomer,
  CrmId,
  CrmOrder,
  CrmStore,
  CrmTask,
  CrmUser,
  CustomerDraft,
  CustomerPatch,
  DeliveryType,
  OrderDraft,
  PaymentType,
  ProductPage,
  ProductQuery,
} from './crm.js';

/*
 * The CRM widgets' calls (S-W-CUST, S-W-PROD, S-W-ORD, S-W-TASK): each names the conversation it
 * is made from, so the server checks that the caller may see it, takes the customer and the
 * store from it (the channel's store, S-SET-6) and the order method and type from the settings
 * (S-SET-7). Staff only. The CRM is called outside the chat's transactions: a host CRM that is
 * down answers `UNAVAILABLE`, and nothing else in the chat waits for it.
 */

const ConversationRef = v.object({ conversationId: Id });
/** Every CRM call: the conversation's checks, and the CRM's own refusals. */
const CRM_ERRORS = {
  NOT_FOUND: 'the conversation is not visible; or the CRM record named does not exist',
  FORBIDDEN: 'a visitor; or the widget is switched off in the settings (`details.reason: \'widget-off\'`)',
  UNAVAILABLE: 'the CRM did not answer in time or answered something else than the contract says',
} as const;

/** A card message's fallback text: may be empty (the server writes one). */
const CardText = doc(text(limits.maxMessageRawChars), 'The plain-text fallback; may be empty.');
const CardSendResult = v.object({ message: Message, conversation: Conversation });

/** A conversation as a host page's card lists it (S-HOST-1, S-HOST-2). */
const ConversationSummary = v.object({
  id: Id,
  channel: v.object({ id: Id, kind: v.string(), name: v.string() }),
  status: v.picklist(['open', 'closed']),
  messageCount: v.number(),
  createdAt: Timestamp,
  lastActivityAt: Timestamp,
});

/** What the customer widget shows of the chat side. */
const ChatSide = v.object({
  name: doc(v.string(), 'The customer\'s name in the chat (their messenger name, or «Посетитель 12»).'),
  channel: v.object({ id: Id, kind: v.string(), name: v.string() }),
  phone: v.nullable(v.string()),
  email: v.nullable(v.string()),
});

export const crmMethods = {
  'crm.customer': defineMethod({
    params: ConversationRef,
    result: v.object({
      customer: doc(v.nullable(CrmCustomer), 'The CRM customer the conversation\'s customer is; null until saved or linked (the widget offers Save).'),
      chat: ChatSide,
      store: doc(v.nullable(CrmStore), 'The channel\'s store (S-SET-6); null when the CRM knows no stores or none is mapped.'),
      widgets: v.object({ order: v.boolean(), products: v.boolean(), tasks: v.boolean() }),
    }),
    doc: 'Staff who see the conversation (S-W-CUST): its customer in the CRM, what the chat knows of them, the channel\'s store and which widgets are on.',
    errors: CRM_ERRORS,
  }),
  'crm.saveCustomer': defineMethod({
    params: v.object({ conversationId: Id, customer: v.omit(CustomerDraft, ['storeCode', 'contacts']) }),
    result: v.object({ customer: CrmCustomer }),
    doc: 'Staff (S-W-CUST Save): creates the customer in the CRM, in the channel\'s store, with their messenger login, and links the conversation\'s customer to them.',
    errors: { ...CRM_ERRORS, CONFLICT: 'the conversation\'s customer is saved already (`details.customer`)' },
  }),
  'crm.updateCustomer': defineMethod({
    params: v.object({ conversationId: Id, patch: CustomerPatch }),
    result: v.object({ customer: CrmCustomer }),
    doc: 'Staff (S-W-CUST inline edit, VIP and BAD tags): changes what the patch names.',
    errors: { ...CRM_ERRORS, CONFLICT: 'the conversation\'s customer is not saved in the CRM yet (`details.reason: \'not-saved\'`)' },
  }),
  'crm.findCustomers': defineMethod({
    params: v.object({ conversationId: Id, query: v.pipe(text(200), v.check((s) => s.trim().length >= 2, 'at least 2 characters')) }),
    result: v.object({ customers: v.array(CrmCustomer) }),
    doc: 'Staff (S-W-CUST hint): CRM customers matching what is typed (name, phone digits, email), at most 5, not the one already linked.',
    errors: CRM_ERRORS,
  }),
  'crm.linkCustomer': defineMethod({
    params: v.object({ conversationId: Id, crmCustomerId: CrmId }),
    result: v.object({ customer: CrmCustomer }),
    doc: 'Staff (S-W-CUST): the conversation\'s customer is this CRM customer from now on (their other conversations too: the link is the chat customer\'s).',
    errors: CRM_ERRORS,
  }),
  'crm.mergeCustomers': defineMethod({
    params: v.object({ conversationId: Id, intoCrmCustomerId: CrmId }),
    result: v.object({ customer: CrmCustomer }),
    doc: 'Staff (S-W-CUST): the conversation\'s CRM customer is merged into another, which stays; every chat customer linked to the merged one (and so their conversations) moves to it.',
    errors: { ...CRM_ERRORS, CONFLICT: 'the conversation\'s customer is not saved in the CRM yet (`details.reason: \'not-saved\'`)' },
  }),
  'crm.products': defineMethod({
    params: v.object({ conversationId: Id, query: v.omit(ProductQuery, ['storeCode']) }),
    result: ProductPage,
    doc: 'Staff (S-W-PROD): the products of the channel\'s store by search, category, price range and stock, sorted by name or price.',
    errors: { ...CRM_ERRORS, CONFLICT: 'the channel has no store (S-SET-6; `details.reason: \'no-store\'`)' },
  }),
  'crm.orderOptions': defineMethod({
    params: ConversationRef,
    result: v.object({ deliveryTypes: v.array(DeliveryType), paymentTypes: v.array(PaymentType) }),
    doc: 'Staff (S-W-ORD): the delivery and payment types of the channel\'s store.',
    errors: { ...CRM_ERRORS, CONFLICT: 'the channel has no store (S-SET-6; `details.reason: \'no-store\'`)' },
  }),
  'crm.currentOrder': defineMethod({
    params: ConversationRef,
    result: v.object({ order: v.nullable(CrmOrder) }),
    doc: 'Staff (S-W-ORD): the customer\'s newest order that is not completed or cancelled; null for none (or a customer not saved yet).',
    errors: CRM_ERRORS,
  }),
  'crm.placeOrder': defineMethod({
    params: v.object({ conversationId: Id, items: OrderDraft.entries.items, delivery: OrderDraft.entries.delivery, paymentType: OrderDraft.entries.paymentType }),
    result: v.object({ order: CrmOrder }),
    doc: 'Staff (S-W-ORD Place order): an order of the linked customer in the channel\'s store, with the settings\' order method and type, from this conversation (S-HOST-2). The same offer at most once.',
    errors: { ...CRM_ERRORS, CONFLICT: 'the customer is not saved in the CRM yet (`details.reason: \'not-saved\'`), or the channel has no store (`\'no-store\'`)', INVALID_PARAMS: 'also: an offer, delivery or payment type the store does not have' },
  }),
  'crm.sendProducts': defineMethod({
    params: v.object({
      conversationId: Id,
      clientMessageId: ClientMessageId,
      offerIds: v.pipe(
        v.array(CrmId),
        v.minLength(1),
        v.maxLength(MAX_CARDS),
        v.check((ids) => new Set(ids).size === ids.length, 'the same offer at most once'),
      ),
      text: v.optional(CardText, ''),
    }),
    result: CardSendResult,
    doc: `Staff (S-W-PROD Send to customer): a message with a product card per offer of the channel's store, as the CRM has them now (name, price, picture, page, stock), 1–${MAX_CARDS} offers. \`text\` is the plain-text fallback for channels without product cards (the widget sends its summary in the manager's language); empty: the server writes one (names, prices, pages). Idempotent on \`clientMessageId\` like \`messages.send\`.`,
    errors: {
      ...CRM_ERRORS,
      NOT_FOUND: 'the conversation is not visible; or an offer is not in the channel\'s store (`details.offerId`)',
      FORBIDDEN: 'a visitor; the products widget is switched off (`details.reason: \'widget-off\'`); the customer is blocked or the channel not connected (as `messages.send`)',
      CONFLICT: 'the channel has no store (S-SET-6; `details.reason: \'no-store\'`)',
      LIMIT_EXCEEDED: 'the text (given or written) is longer than the channel carries (as `messages.send`)',
    },
  }),
  'crm.sendOrder': defineMethod({
    params: v.object({ conversationId: Id, clientMessageId: ClientMessageId, orderId: CrmId, text: v.optional(CardText, '') }),
    result: CardSendResult,
    doc: 'Staff (S-W-ORD Send to customer): a message with the order\'s card (number, status, items, delivery, total, what is left to pay) as the CRM has it now; the order must be the conversation\'s customer\'s. `text` as in `crm.sendProducts`. Idempotent on `clientMessageId`.',
    errors: {
      ...CRM_ERRORS,
      NOT_FOUND: 'the conversation is not visible; or the order does not exist or is another customer\'s',
      FORBIDDEN: 'a visitor; the order widget is switched off (`details.reason: \'widget-off\'`); the customer is blocked or the channel not connected',
      CONFLICT: 'the customer is not saved in the CRM yet (`details.reason: \'not-saved\'`)',
      LIMIT_EXCEEDED: 'the text is longer than the channel carries',
    },
  }),
  'crm.paymentLink': defineMethod({
    params: v.object({ conversationId: Id, orderId: CrmId }),
    result: v.object({ url: v.string() }),
    doc: 'Staff (S-W-ORD): a link the customer pays the order\'s unpaid amount by (the order is the conversation\'s customer\'s).',
    errors: { ...CRM_ERRORS, CONFLICT: 'nothing of the order is due online' },
  }),
  'crm.tasks': defineMethod({
    params: v.object({ conversationId: Id, mine: v.optional(v.boolean(), false) }),
    result: v.object({ tasks: v.array(CrmTask) }),
    doc: 'Staff (S-W-TASK): the customer\'s open tasks and those completed within a day (struck through); `mine`: where the caller is the performer.',
    errors: CRM_ERRORS,
  }),
  'crm.createTask': defineMethod({
    params: v.object({
      conversationId: Id,
      text: v.pipe(text(1000), v.check((s) => s.trim().length > 0, 'must not be blank')),
      deadline: v.optional(v.nullable(Timestamp), null),
      performerId: v.optional(v.pipe(v.string(), v.minLength(1), v.maxLength(128))),
      orderId: v.optional(v.nullable(CrmId), null),
    }),
    result: v.object({ task: CrmTask }),
    doc: 'Staff (S-W-TASK +): a task on the conversation\'s customer (and an order of theirs, if named); the performer is the caller unless named.',
    errors: { ...CRM_ERRORS, CONFLICT: 'the customer is not saved in the CRM yet (`details.reason: \'not-saved\'`)', INVALID_PARAMS: 'also: a performer the CRM does not list (`details.reason: \'performer\'`)' },
  }),
  'crm.completeTask': defineMethod({
    params: v.object({ conversationId: Id, taskId: CrmId }),
    result: v.object({ task: CrmTask }),
    doc: 'Staff (S-W-TASK): completes one of the customer\'s tasks (completing again keeps the first time).',
    errors: CRM_ERRORS,
  }),
  'crm.customerConversations': defineMethod({
    params: v.object({ crmCustomerId: CrmId }),
    result: v.object({ conversations: v.array(ConversationSummary) }),
    doc: 'Staff (S-HOST-1, a customer card): the conversations of the CRM customer the caller may see, newest first.',
    errors: { FORBIDDEN: 'a visitor' },
  }),
  'crm.orderConversations': defineMethod({
    params: v.object({ orderId: CrmId }),
    result: v.object({
      origin: doc(v.nullable(ConversationSummary), 'The conversation the order was placed from, when the caller may see it.'),
      channels: doc(v.array(v.object({ id: Id, kind: v.string(), name: v.string(), conversationId: Id })), 'Each channel the order\'s customer wrote from, with their newest conversation there the caller may see.'),
    }),
    doc: 'Staff (S-HOST-2, an order card): the conversation the order came from and the channels its customer used.',
    errors: { NOT_FOUND: 'no such order in the CRM', FORBIDDEN: 'a visitor', UNAVAILABLE: CRM_ERRORS.UNAVAILABLE },
  }),
  'crm.users': defineMethod({
    params: v.object({}),
    result: v.object({ users: v.array(CrmUser) }),
    doc: 'Staff: the CRM\'s users, for a task\'s performer.',
    errors: { FORBIDDEN: 'a visitor', UNAVAILABLE: CRM_ERRORS.UNAVAILABLE },
  }),
} as const;

export type CrmMethodName = keyof typeof crmMethods;
