import type {
  CrmCustomer,
  CrmOrder,
  CrmProduct,
  CrmStore,
  CrmTask,
  CrmUser,
  CustomerDraft,
  CustomerPatch,
  DeliveryType,
  OrderDraft,
  OrderStatus,
  PaymentType,
  ProductPage,
  ProductQuery,
  TaskDraft,
} from '@chatdesk/protocol';

/**
 * The CRM adapter port (S-W-CUST, S-W-PROD, S-W-ORD, S-W-TASK, S-SET-6): where customers,
 * stores, products, orders and tasks live. The chat keeps only which CRM customer a chat
 * customer is (and which conversation an order came from); everything else is the CRM's.
 * Adapters: adapters/crm/builtin.ts (tables in the chat's own database, with a demo catalogue)
 * and adapters/crm/http.ts (a host CRM's REST contract, README "CRM contract"). Both pass
 * test/crm-contract.ts.
 *
 * Every method may fail with a CrmError; a host CRM that is down or slow fails with
 * `UNAVAILABLE`, and nothing in the chat waits on it beyond its timeout.
 */
export interface CrmAdapter {
  stores(): Promise<CrmStore[]>;
  users(): Promise<CrmUser[]>;
  customers: {
    get(id: string): Promise<CrmCustomer | null>;
    /** By name, phone (its digits) or email; at most `limit`, best first. */
    search(query: string, limit: number): Promise<CrmCustomer[]>;
    /**
     * `idempotencyKey`: a caller that may repeat this creation later (not just within one call)
     * names it, so a CRM that created the customer but whose answer was lost answers the repeat
     * with the same customer. Without it, each call is its own.
     */
    create(draft: CustomerDraft, opts?: { idempotencyKey?: string }): Promise<CrmCustomer>;
    update(id: string, patch: CustomerPatch): Promise<CrmCustomer>;
    /** `mergedId` is gone afterwards; what it had that the survivor lacks is added to the survivor. */
    merge(survivorId: string, mergedId: string): Promise<CrmCustomer>;
  };
  products: {
    search(query: ProductQuery): Promise<ProductPage>;
    /** The product of this store that has the offer, with all its offers; null when the store has no such offer. */
    ofOffer(storeCode: string, offerId: string): Promise<CrmProduct | null>;
  };
  orders: {
    get(id: string): Promise<CrmOrder | null>;
    /** The customer's newest order that is not final (completed or cancelled), or null. */
    current(customerId: string): Promise<CrmOrder | null>;
    /** The orders placed from these conversations (S-HOST-2), newest first. */
    ofConversations(conversationIds: readonly number[]): Promise<CrmOrder[]>;
    create(draft: OrderDraft): Promise<CrmOrder>;
    /** A link the customer pays the order's unpaid amount by; CONFLICT when nothing is due online. */
    paymentLink(orderId: string): Promise<{ url: string }>;
    deliveryTypes(storeCode: string): Promise<DeliveryType[]>;
    paymentTypes(storeCode: string): Promise<PaymentType[]>;
    statuses(): Promise<OrderStatus[]>;
  };
  tasks: {
    /** Open tasks of a customer, and their completed ones of the last day (they show struck through). */
    list(q: { customerId: string; performerId?: string }): Promise<CrmTask[]>;
    create(draft: TaskDraft): Promise<CrmTask>;
    complete(id: string, at: number): Promise<CrmTask>;
  };
  close(): Promise<void>;
}

export type CrmErrorCode = 'NOT_FOUND' | 'INVALID_PARAMS' | 'CONFLICT' | 'UNAVAILABLE';

/** What an adapter fails with; the services turn it into the protocol's error of the same code. */
export class CrmError extends Error {
  constructor(
    readonly code: CrmErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'CrmError';
  }
}
