import type { SystemEvent } from '@chatdesk/protocol';
import type { NewMessageRow, Storage } from '../ports/storage.js';
import { SYSTEM_AUTHOR, systemText } from '../services/lifecycle.js';

/*
 * S-AN-1: four weeks of closed conversations before the demo's own ones, so `<chat-analytics>` has
 * something real to draw: a few customers a day on both channels (fewer at weekends), answered by
 * Anna, Boris or Vera within a minute or forty, some past the time limits, a few reopened the
 * next day. They are stored as the send path stores them — the customers' and managers' messages
 * and the system notices between them — and the analytics job folds them like any other. Seeded
 * once per database under a flag of its own, read by every staff member already.
 */

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const DAYS = 28;

const CUSTOMERS = ['Алексей Морозов', 'Ирина Волкова', 'Сергей Павлов', 'Наталья Орлова', 'Kate Miller', 'Игорь Лебедев', 'Ольга Смирнова', 'Tom Baker', 'Елена Козлова', 'Андрей Новиков'];
const TALKS: ReadonlyArray<[string, string, string]> = [
  ['Добрый день! Когда придёт мой заказ?', 'Здравствуйте! Курьер привезёт его завтра до 18:00.', 'Спасибо!'],
  ['Есть ли эти ботинки в 42 размере?', 'Да, 42 есть в чёрном и коричневом цвете.', 'Отлично, оформлю на сайте.'],
  ['Можно оплатить при получении?', 'Да, картой или наличными курьеру.', 'Понял, спасибо.'],
  ['Hello! Can I exchange the size?', 'Sure, bring them to any store within 14 days.', 'Great, thanks!'],
  ['Подскажите, как вернуть товар?', 'Оформим возврат: пришлите номер заказа, пожалуйста.', 'Заказ 2231.'],
  ['Где ближайший пункт выдачи?', 'На ул. Баумана, 2, с 10:00 до 21:00.', 'Спасибо, заберу сегодня.'],
];
const STAFF: ReadonlyArray<[string, string]> = [
  ['anna', 'Анна Менеджерова'],
  ['boris', 'Борис Продавцов'],
  ['vera', 'Вера Чатова'],
];

/** A small seeded generator: the same history on every fresh demo database. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

export async function seedDemoHistory(store: Storage, now: number): Promise<void> {
  if (await store.meta.get('demo_history_seeded')) return;
  await store.meta.put('demo_history_seeded', String(now));
  const web = await store.channels.firstOfKind('web');
  const telegram = await store.channels.firstOfKind('telegram');
  if (!web || !telegram) return;
  const rand = rng(20261205);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  // Up to three days ago: the demo's own conversations stay the newest in the list.
  const lastDay = now - (now % DAY) - 3 * DAY;
  for (let d = DAYS; d >= 1; d--) {
    const dayStart = lastDay - d * DAY;
    const weekday = new Date(dayStart).getUTCDay();
    const count = (weekday === 0 || weekday === 6 ? 2 : 5) + Math.floor(rand() * 4);
    for (let i = 0; i < count; i++) {
      // 09:00–20:00 in Moscow (UTC+3).
      const opened = dayStart + 6 * HOUR + Math.floor(rand() * 11 * HOUR);
      await seedClosedConversation(store, rand() < 0.6 ? web.id : telegram.id, pick(CUSTOMERS), pick(STAFF), pick(TALKS), opened, rand);
    }
  }
}

async function seedClosedConversation(
  store: Storage,
  channelId: number,
  customerName: string,
  [staffId, staffName]: readonly [string, string],
  [question, answer, thanks]: readonly [string, string, string],
  opened: number,
  rand: () => number,
): Promise<void> {
  const customerId = await store.customers.insert({ name: customerName, channelId, phone: null, email: null }, opened);
  const id = await store.conversations.insert({ channel_id: channelId, customer_id: customerId, status: 'closed', assignee_id: staffId }, opened);
  const staff = { id: staffId, name: staffName };
  let ordinal = 0;
  let lastId = 0;
  let at = opened;
  const say = async (kind: 'customer' | 'manager', text: string, after: number) => {
    at += after;
    ordinal++;
    const row: NewMessageRow = {
      conversation_id: id,
      author_kind: kind,
      author_id: kind === 'customer' ? String(customerId) : staffId,
      author_name: kind === 'customer' ? customerName : staffName,
      text,
      client_message_id: null,
      created_at: at,
      ordinal,
      status: kind === 'manager' ? 'read' : null,
    };
    lastId = await store.messages.insert(row);
  };
  const notice = async (event: SystemEvent, after: number) => {
    at += after;
    await store.messages.insert({
      conversation_id: id,
      author_kind: SYSTEM_AUTHOR.kind,
      author_id: SYSTEM_AUTHOR.id,
      author_name: SYSTEM_AUTHOR.name,
      text: systemText(event),
      client_message_id: null,
      created_at: at,
      ordinal,
      system: JSON.stringify(event),
    });
  };
  // Answers from a minute to 40 minutes, most within the demo's limits (yellow at 5, red at 15).
  const firstReply = () => Math.floor(MIN + Math.pow(rand(), 2.5) * 40 * MIN);
  await notice({ type: 'opened', by: null, from: null, to: null }, 0);
  await say('customer', question, 0);
  await notice({ type: 'assigned', by: null, from: null, to: staff }, 1_000);
  await say('manager', answer, firstReply());
  await say('customer', thanks, Math.floor(2 * MIN + rand() * 20 * MIN));
  // Closed a few minutes after the customer's thanks (their clock runs until then).
  await notice({ type: 'closed', by: staff, from: null, to: null }, Math.floor(MIN + rand() * 7 * MIN));
  if (rand() < 0.12) {
    // The customer came back the next day.
    await notice({ type: 'reopened', by: null, from: null, to: null }, Math.floor(16 * HOUR + rand() * 8 * HOUR));
    await say('customer', 'И ещё вопрос по заказу.', 0);
    await say('manager', 'Слушаю вас!', firstReply());
    await notice({ type: 'closed', by: staff, from: null, to: null }, Math.floor(2 * MIN + rand() * 20 * MIN));
  }
  await store.conversations.update({ id, status: 'closed', assignee_id: staffId, last_message_id: lastId, last_activity_at: at, message_count: ordinal, sla_since: null });
  // Read by everyone on staff who sees it, and by the customer.
  for (const key of ['u:olga', 'u:vera', `u:${staffId}`, `c:${customerId}`]) await store.cursors.put(key, id, ordinal);
}
