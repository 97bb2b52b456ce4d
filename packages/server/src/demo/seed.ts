import type { AuthorKind } from '@chatdesk/protocol';
import type { Clock } from '../config.js';
import type { UserRight } from '../auth/host-token.js';
import type { FileRow, Storage } from '../ports/storage.js';
import type { BlobStore } from '../ports/blob-store.js';
import { attachmentOf } from '../services/files.js';
import { demoFile, type DemoFile } from './files.js';
import { seedDemoQuickReplies } from './quick-replies-seed.js';
import { seedDemoHistory } from './analytics-history.js';

export interface DemoUser {
  id: string;
  name: string;
  rights: UserRight[];
  /** What the CRM page's user picker shows. */
  role: string;
}

/** The host CRM's users in demo mode; `/demo/token` signs tokens for them. */
export const demoUsers: DemoUser[] = [
  { id: 'olga', name: 'Ольга Админова', rights: ['admin'], role: 'Администратор' },
  { id: 'vera', name: 'Вера Чатова', rights: ['chats', 'chat_admin'], role: 'Администратор чатов' },
  { id: 'anna', name: 'Анна Менеджерова', rights: ['chats'], role: 'Менеджер' },
  { id: 'boris', name: 'Борис Продавцов', rights: ['chats'], role: 'Менеджер' },
  { id: 'pavel', name: 'Павел Складов', rights: [], role: 'Кладовщик (без доступа к чатам)' },
];

const MIN = 60_000;

interface SeedConversation {
  customer: string;
  /** S-DLG-3: searched by name, phone and email. */
  phone?: string;
  email?: string;
  channel: 'web' | 'telegram';
  assignee: string | null;
  status: 'open' | 'closed';
  /** [author ('customer' or a user id), text, minutes ago, files (S-DLG-9)] */
  messages: [string, string, number, DemoFile[]?][];
}

const conversations: SeedConversation[] = [
  {
    customer: 'Мария Иванова',
    phone: '+7 912 345-67-89',
    email: 'maria.ivanova@example.ru',
    channel: 'web',
    assignee: 'anna',
    status: 'open',
    messages: [
      ['customer', 'Здравствуйте! Подскажите, есть ли кроссовки Aero в 38 размере?', 95],
      ['anna', 'Добрый день, Мария! Да, есть белые и чёрные.', 90],
      ['customer', 'Отлично! А доставка в Казань сколько стоит?', 12],
    ],
  },
  {
    customer: 'John Smith',
    email: 'john.smith@example.com',
    channel: 'telegram',
    assignee: null,
    status: 'open',
    messages: [
      ['customer', 'Hi! Do you ship to Berlin?', 40],
      ['customer', 'And how long does delivery usually take?', 38],
    ],
  },
  {
    customer: 'Пётр Сидоров',
    phone: '+7 903 111-22-33',
    channel: 'telegram',
    assignee: 'boris',
    status: 'open',
    messages: [
      ['customer', 'Хочу вернуть заказ №1024, не подошёл размер.', 300],
      ['boris', 'Пётр, оформим возврат. Пришлите, пожалуйста, фото чека.', 290],
      ['customer', 'Отправил фото товара и чек', 5, ['photo', 'receipt']],
    ],
  },
  {
    customer: 'Emily Clark',
    channel: 'web',
    assignee: 'anna',
    status: 'closed',
    messages: [
      ['customer', 'Got my order today, thank you!', 2 * 24 * 60],
      ['anna', 'Glad to help, Emily! Have a nice day.', 2 * 24 * 60 - 5],
    ],
  },
  {
    customer: 'Дмитрий Ковалёв',
    channel: 'web',
    assignee: null,
    status: 'open',
    messages: [['customer', 'Добрый вечер! Вы работаете в выходные?', 3]],
  },
];

/** The demo's first customer (Мария Иванова) in the chat: the demo CRM's card is hers. */
export interface DemoCustomer {
  customerId: number;
  conversationId: number;
}

/**
 * Seeds the demo once per database (idempotent: a meta flag records it), inside the caller's
 * transaction; resolves to the first customer when it seeded, undefined when it had been.
 */
export async function seedDemo(store: Storage, clock: Clock, blobs?: BlobStore, history = false): Promise<DemoCustomer | undefined> {
  const now = clock.now();
  // Inside the caller's transaction (the unit of work's: timers' jobs wait for it, none fails meanwhile).
  await seedDemoQuickReplies(store, now);
  if (await store.meta.get('demo_seeded')) {
    // A demo file made before analytics gets its history too.
    if (history) await seedDemoHistory(store, now);
    return undefined;
  }
  let firstCustomer: DemoCustomer | undefined;
  for (const u of demoUsers) await store.users.upsert(u, now);
  const channels = {
    web: await store.channels.insert('web', 'Сайт магазина', now),
    telegram: await store.channels.insert('telegram', 'Telegram', now),
  };
  const names = new Map(demoUsers.map((u) => [u.id, u.name]));
  for (const c of conversations) {
    const first = c.messages[0]?.[2] ?? 0;
    const customerId = await store.customers.insert(
      { name: c.customer, channelId: channels[c.channel], phone: c.phone ?? null, email: c.email ?? null },
      now - first * MIN,
    );
    const id = await store.conversations.insert(
      { channel_id: channels[c.channel], customer_id: customerId, status: c.status, assignee_id: c.assignee },
      now - first * MIN,
    );
    firstCustomer ??= { customerId, conversationId: id };
    let last = 0;
    let ordinal = 0;
    let at = now;
    let waitingSince: number | null = null;
    let slaSince: number | null = null;
    for (const [index, [who, text, ago, files]] of c.messages.entries()) {
      const kind: AuthorKind = who === 'customer' ? 'customer' : 'manager';
      // S-DLG-13: a reply the customer answered was read; the latest one at least delivered.
      const answered = c.messages.slice(index + 1).some(([later]) => later === 'customer');
      at = now - ago * MIN;
      waitingSince = kind === 'customer' ? (waitingSince ?? at) : null;
      slaSince = kind === 'customer' ? at : null;
      ordinal++;
      // S-DLG-9: the files of a message, stored as an upload would be (when the server has a blob store).
      const rows: FileRow[] = [];
      for (const which of blobs ? (files ?? []) : []) {
        const f = { ...(await demoFile(blobs!, which)), owner_key: kind === 'customer' ? `c:${customerId}` : `u:${who}`, created_at: at };
        rows.push({ ...f, id: await store.files.insert(f), message_id: null, conversation_id: null });
      }
      last = await store.messages.insert({
        conversation_id: id,
        author_kind: kind,
        author_id: kind === 'customer' ? String(customerId) : who,
        author_name: kind === 'customer' ? c.customer : (names.get(who) ?? who),
        text,
        client_message_id: null,
        created_at: at,
        ordinal,
        status: kind === 'manager' ? (answered ? 'read' : 'delivered') : null,
        attachments: rows.length ? JSON.stringify(rows.map(attachmentOf)) : null,
      });
      if (rows.length) await store.files.attach(rows.map((r) => r.id), last, id);
      // A manager has read up to their own reply; the customer up to their own message.
      await store.cursors.put(kind === 'customer' ? `c:${customerId}` : `u:${who}`, id, ordinal);
    }
    await store.conversations.update({
      id,
      status: c.status,
      assignee_id: c.assignee,
      last_message_id: last,
      last_activity_at: at,
      message_count: ordinal,
      sla_since: c.status === 'open' ? slaSince : null,
    });
    await store.conversations.setWaitingSince(id, waitingSince);
    // S-SLA-1: a waiting customer's clock runs; the SLA job works out its marker at once.
    if (c.status === 'open' && slaSince !== null) await store.conversations.setSlaDue(id, slaSince);
    // The admins have looked through the closed and Boris's conversations already.
    if (c.status === 'closed' || c.assignee === 'boris') {
      await store.cursors.put('u:olga', id, ordinal);
      await store.cursors.put('u:vera', id, ordinal);
    }
  }
  await seedInternalChat(store, now);
  // S-SET-4: new conversations go round robin to the two managers (when they are online);
  // S-SET-6: both channels sell for the shop; S-SET-8: yellow after 5 minutes, red after 15.
  await store.settings.put(
    JSON.stringify({
      version: 1,
      assignmentManagerIds: ['anna', 'boris'],
      autoCloseAssignedMs: null,
      distributionBot: { enabled: false, capacity: 10, managerIds: ['anna', 'boris'] },
      widgets: { storeByChannel: { [channels.web]: 'main', [channels.telegram]: 'main' }, order: true, products: true, tasks: true, orderMethod: 'messenger', orderType: 'retail' },
      timeLimits: { default: { warningMs: 5 * MIN, processingMs: 15 * MIN }, perChannel: {} },
    }),
  );
  await store.meta.put('demo_seeded', String(now));
  if (history) await seedDemoHistory(store, now);
  return firstCustomer;
}

/** S-DLG-14: Anna and Boris have talked on their own chat; Boris has not read the last line. */
async function seedInternalChat(store: Storage, now: number): Promise<void> {
  const lines: Array<[string, string, string, number]> = [
    ['anna', 'Анна Менеджерова', 'Борис, у тебя есть размеры Aero 38 на складе?', 40],
    ['boris', 'Борис Продавцов', 'Есть две пары, отложить?', 38],
    ['anna', 'Анна Менеджерова', 'Да, для Марии Ивановой, пожалуйста.', 12],
  ];
  const chatId = await store.internal.insert({ kind: 'direct', title: '', createdBy: 'anna', memberIds: ['anna', 'boris'] }, now - 45 * MIN);
  let last = 0;
  for (const [i, [authorId, authorName, text, ago]] of lines.entries()) {
    last = await store.messages.insert({
      conversation_id: chatId,
      author_kind: 'manager',
      author_id: authorId,
      author_name: authorName,
      text,
      client_message_id: null,
      created_at: now - ago * MIN,
      ordinal: i + 1,
      reply_to_id: null,
    });
  }
  await store.internal.touch({ id: chatId, last_message_id: last, message_count: lines.length, last_activity_at: now - 12 * MIN });
  await store.cursors.put('u:anna', chatId, lines.length);
  await store.cursors.put('u:boris', chatId, lines.length - 1);
}
