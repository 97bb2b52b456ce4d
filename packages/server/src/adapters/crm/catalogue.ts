import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as v from 'valibot';
import { CrmOffer, CrmProduct, CrmStore, CrmUser, DeliveryType, OrderStatus, PaymentType, StoreCode } from '@chatdesk/protocol';

/**
 * A CRM's catalogue as a file: stores, products with offers, delivery and payment types by store,
 * order statuses and users. The demo's (demo/crm-catalogue.json) fills the built-in CRM, and the
 * reference CRM server of examples/crm serves the same file, so both answer the contract alike.
 */
export const Catalogue = v.object({
  stores: v.array(CrmStore),
  products: v.array(
    v.object({
      ...v.omit(CrmProduct, ['offers']).entries,
      storeCode: StoreCode,
      offers: v.pipe(v.array(v.omit(CrmOffer, ['productId'])), v.minLength(1)),
    }),
  ),
  deliveryTypes: v.record(StoreCode, v.array(DeliveryType)),
  paymentTypes: v.record(StoreCode, v.array(PaymentType)),
  statuses: v.pipe(v.array(OrderStatus), v.minLength(1)),
  users: v.optional(v.array(CrmUser), []),
});
export type Catalogue = v.InferOutput<typeof Catalogue>;

/** The demo catalogue's file. */
export const DEMO_CATALOGUE = fileURLToPath(new URL('../../demo/crm-catalogue.json', import.meta.url));

/** Reads and checks a catalogue file; a broken one fails with the first problem's path. */
export function readCatalogue(path: string = DEMO_CATALOGUE): Catalogue {
  const parsed = v.safeParse(Catalogue, JSON.parse(readFileSync(path, 'utf8')));
  if (!parsed.success) {
    const issue = parsed.issues[0];
    throw new Error(`${path}: ${v.getDotPath(issue) ?? '(root)'}: ${issue.message}`);
  }
  return parsed.output;
}
