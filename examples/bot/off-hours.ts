/**
 * An example bot (S-CH-3): answers customers who write outside business hours, once per
 * conversation per `onceEveryHours`. A bot is a user whose token (signed by the host CRM, like a
 * manager's) carries the `bot` right next to `chats` — and `chat_admin` here, so it sees every
 * conversation, assigned or not. It speaks the same WebSocket protocol as the panel, through
 * `@chatdesk/client` in Node; its messages show as the bot's in the thread, and answering takes
 * no conversation.
 *
 *   CHATDESK_URL=ws://127.0.0.1:8080/ws BOT_TOKEN=… ORIGIN=http://127.0.0.1:8080 \
 *     node --conditions=source --import tsx examples/bot/off-hours.ts [hours.json]
 */
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import WebSocket from 'ws';
import { ChatClient } from '@chatdesk/client';

type Day = 'sun' | 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat';

export interface Hours {
  /** IANA time zone the hours are in. */
  timeZone: string;
  /** Opening and closing time ("HH:MM", 24 h) per weekday; null: closed all day. */
  week: Record<Day, [string, string] | null>;
  text: string;
  /** The bot answers a conversation at most once in this many hours. */
  onceEveryHours: number;
}

const DAYS: readonly Day[] = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

/** Whether `at` falls inside the opening hours, read in the hours' time zone. */
export function isOpen(hours: Hours, at: Date): boolean {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone: hours.timeZone, weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(at);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  const day = DAYS[['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'].indexOf(get('weekday'))]!;
  const span = hours.week[day];
  if (!span) return false;
  const now = `${get('hour')}:${get('minute')}`;
  return now >= span[0] && now < span[1];
}

export interface OffHoursBot {
  readonly client: ChatClient;
  /** Answers sent so far. */
  readonly answered: number;
  stop(): void;
}

export function startOffHoursBot(o: { url: string; token: string | (() => string | Promise<string>); origin?: string; hours: Hours; now?: () => Date }): OffHoursBot {
  const now = o.now ?? (() => new Date());
  const client = new ChatClient({ url: o.url, token: o.token, WebSocket: WebSocket as never, ...(o.origin ? { origin: o.origin } : {}) });
  let answered = 0;
  client.on('event', (event) => {
    if (event.name !== 'message.created') return;
    const { message, conversation } = event.data;
    if (message.author.kind !== 'customer' || isOpen(o.hours, now())) return;
    // One answer per conversation per period: the client message id names both, so a restarted
    // bot (or a second copy of it) stores no second answer — the server's exactly-once does it.
    const period = Math.floor(now().getTime() / (o.hours.onceEveryHours * 3_600_000));
    client
      .call('messages.send', { conversationId: conversation.id, clientMessageId: `offhours-${conversation.id}-${period}`, text: o.hours.text })
      .then(() => answered++)
      .catch((err: unknown) => console.error(`off-hours bot: no answer in conversation ${conversation.id}:`, err));
  });
  client.connect();
  return {
    client,
    get answered() {
      return answered;
    },
    stop: () => client.close(),
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const token = process.env['BOT_TOKEN'];
  if (!token) {
    console.error('BOT_TOKEN is required: a user token signed by the host CRM with the rights chats, chat_admin and bot.');
    process.exit(2);
  }
  const hours = JSON.parse(readFileSync(process.argv[2] ?? new URL('./hours.json', import.meta.url), 'utf8')) as Hours;
  const url = process.env['CHATDESK_URL'] ?? 'ws://127.0.0.1:8080/ws';
  startOffHoursBot({ url, token, origin: process.env['ORIGIN'] ?? url.replace(/^ws/, 'http').replace(/\/ws$/, ''), hours });
  console.log(`Off-hours bot on ${url} (hours in ${hours.timeZone})`);
}
