import type { Storage } from '../ports/storage.js';
import { foldForSearch } from '../ports/search-folding.js';

/*
 * The demo's quick replies (S-QR-1..4): a few per category, templates among them, so the lightning
 * button and `/` show something real. Seeded once per database under a flag of their own, so a
 * demo file made before quick replies existed gets them too.
 */

const CATEGORIES = ['Приветствия', 'Доставка', 'Оплата'] as const;

const REPLIES: ReadonlyArray<{ command: string; title: string; text: string; category: (typeof CATEGORIES)[number] | null }> = [
  { command: 'hi', title: 'Приветствие', category: 'Приветствия', text: "Здравствуйте, {{ customer.firstName|default('клиент') }}! Меня зовут {{ manager.firstName }}, чем могу помочь?" },
  { command: 'bye', title: 'Прощание', category: 'Приветствия', text: 'Спасибо за обращение{% if customer.firstName %}, {{ customer.firstName }}{% endif %}! Хорошего дня.' },
  { command: 'delivery', title: 'Сроки доставки', category: 'Доставка', text: 'Курьер привезёт заказ за 1–2 дня после оплаты. Доставка по городу — 350 ₽, от 5 000 ₽ — бесплатно.' },
  { command: 'pickup', title: 'Самовывоз', category: 'Доставка', text: 'Заказ можно забрать в пункте выдачи на следующий день после подтверждения: ул. Баумана, 2, с 10:00 до 21:00.' },
  { command: 'pay', title: 'Как оплатить', category: 'Оплата', text: 'Оплатить можно картой на сайте, через СБП или курьеру при получении. Ссылку на оплату пришлю сюда, в чат.' },
  {
    command: 'order',
    title: 'Статус заказа',
    category: null,
    text: "{% if order is defined %}Ваш заказ №{{ order.number }}: {{ order.status|lower }}. К оплате: {{ order.toPay|number_format(2, ',', ' ') }} {{ order.currency }}.{% else %}Подскажите, пожалуйста, номер заказа — проверю, что с ним.{% endif %}",
  },
];

export async function seedDemoQuickReplies(store: Storage, now: number): Promise<void> {
  if (await store.meta.get('demo_quick_replies_seeded')) return;
  await store.meta.put('demo_quick_replies_seeded', '1');
  // An admin may have made some already (a demo file in use): theirs stay, a taken command or name is skipped.
  const ids = new Map<string, number>();
  const existing = new Map((await store.quickReplies.categories()).map((c) => [c.name, c.id]));
  for (const name of CATEGORIES) {
    const id = existing.get(name) ?? (await store.quickReplies.insertCategory(name));
    if (id !== null && id !== undefined) ids.set(name, id);
  }
  for (const r of REPLIES) {
    await store.quickReplies.insert({
      command: r.command,
      title: r.title,
      text: r.text,
      category_id: r.category ? (ids.get(r.category) ?? null) : null,
      search: foldForSearch(`${r.command}\n${r.title}\n${r.text}`),
      updated_at: now,
    });
  }
}

/** For the test that every demo reply is a template the server accepts. */
export const demoQuickReplyTexts = REPLIES.map((r) => r.text);
