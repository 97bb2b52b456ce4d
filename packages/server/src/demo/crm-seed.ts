import type { CrmAdapter } from '../ports/crm.js';
import type { DemoCustomer } from './seed.js';

/** Whose card the demo CRM page shows: found by this email (demo/crm-card). */
export const DEMO_CARD_EMAIL = 'maria.ivanova@example.ru';

/**
 * The demo CRM's records (S-W-*, S-HOST-1, S-HOST-2): the first demo customer saved in the CRM as
 * a VIP, her conversation linked, an unpaid order placed from it with courier delivery, and a task
 * for tomorrow — what the demo CRM page's customer and order cards and the panel's widgets show.
 */
export async function seedDemoCrm(crm: CrmAdapter, first: DemoCustomer, link: (crmCustomerId: string) => Promise<void>, now: number): Promise<void> {
  const address = 'Казань, ул. Баумана, 12, кв. 5';
  const maria = await crm.customers.create({
    firstName: 'Мария',
    lastName: 'Иванова',
    patronymic: 'Сергеевна',
    phones: ['+7 912 345-67-89'],
    email: DEMO_CARD_EMAIL,
    address,
    storeCode: 'main',
    contacts: [],
  });
  await crm.customers.update(maria.id, { tags: ['vip'] });
  await link(maria.id);
  const order = await crm.orders.create({
    customerId: maria.id,
    storeCode: 'main',
    method: 'messenger',
    type: 'retail',
    items: [
      { offerId: 'p5-2', quantity: 1 },
      { offerId: 'p20-1', quantity: 1 },
    ],
    delivery: { type: 'courier', address, date: null },
    paymentType: 'card-online',
    conversationId: first.conversationId,
  });
  await crm.tasks.create({ text: 'Уточнить удобное время доставки', deadline: now + 24 * 3_600_000, performerId: 'anna', customerId: maria.id, orderId: order.id });
}
