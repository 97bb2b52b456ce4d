import * as v from 'valibot';
import { doc } from './doc.js';
import { defineEvent, defineMethod } from './define.js';

/**
 * The chat-wide settings (S-SET-1..8, S-AUTH-3, S-CH-3): one versioned document. The same schema
 * checks a save on the server and the form in `<chat-settings>`, so an error names the same field
 * in both places. Each issue's path (`['timeLimits', 'default', 'warningMs']`) is the field's.
 */

const UserId = v.pipe(v.string(), v.minLength(1), v.maxLength(128));
/** A channel's id as an object key (JSON keys are strings). */
const ChannelKey = v.pipe(v.string(), v.regex(/^[1-9]\d{0,15}$/, 'a channel id'));

/** S-SET-8: at least 30 s, a multiple of 30 s, at most 30 days. */
export const SLA_STEP_MS = 30_000;
const LimitMs = v.pipe(
  v.number(),
  v.safeInteger(),
  v.minValue(SLA_STEP_MS, 'at least 30 seconds'),
  v.multipleOf(SLA_STEP_MS, 'a multiple of 30 seconds'),
  v.maxValue(30 * 24 * 3_600_000, 'at most 30 days'),
);

/** S-SET-8: warning (optional) before processing time (required). */
export const TimeLimits = v.pipe(
  v.object({
    warningMs: doc(v.nullable(LimitMs), 'The conversation turns yellow this long after the customer\'s unanswered message; null: no warning.'),
    processingMs: doc(LimitMs, 'It turns red this long after it.'),
  }),
  v.forward(
    v.partialCheck([['warningMs'], ['processingMs']], (t) => t.warningMs === null || t.warningMs < t.processingMs, 'less than the processing time'),
    ['warningMs'],
  ),
);
export type TimeLimits = v.InferOutput<typeof TimeLimits>;

/** An http(s) address (never `javascript:` or `data:`), as the policy link must be. */
const HttpUrl = v.pipe(
  v.string(),
  v.maxLength(2048),
  v.check((s) => s === '' || /^https?:\/\/[^\s/?#]+[^\s]*$/i.test(s), 'an http or https address'),
);

export const PrivacySettings = v.pipe(
  v.object({
    enabled: v.boolean(),
    text: doc(v.pipe(v.string(), v.maxLength(2000)), 'The message a new conversation first gets.'),
    link: doc(HttpUrl, 'The policy\'s address (http or https); required when on.'),
    excludedChannelIds: doc(v.pipe(v.array(v.pipe(v.number(), v.safeInteger(), v.minValue(1))), v.maxLength(1000)), 'Channels whose conversations get no policy step.'),
  }),
  v.forward(v.partialCheck([['enabled'], ['link']], (p) => !p.enabled || p.link !== '', 'required while the policy is on'), ['link']),
  v.forward(v.partialCheck([['enabled'], ['text']], (p) => !p.enabled || p.text.trim() !== '', 'required while the policy is on'), ['text']),
);

const Code = v.pipe(v.string(), v.maxLength(128));

export const WidgetSettings = v.object({
  storeByChannel: doc(v.record(ChannelKey, v.pipe(v.string(), v.minLength(1), v.maxLength(128))), 'S-SET-6: each channel\'s store code; every channel must have one once the deployment knows stores.'),
  order: v.boolean(),
  products: v.boolean(),
  tasks: v.boolean(),
  orderMethod: doc(Code, 'S-SET-7: the order method of orders made in chats.'),
  orderType: doc(Code, 'S-SET-7: their order type.'),
});

/** S-SET-3: unassigned conversations stay open a month; the bot's closing time starts there. */
export const BOT_CLOSE_AFTER_MS = 30 * 24 * 3_600_000;

export const ChatSettings = v.object({
  chatsEnabled: doc(v.boolean(), 'S-SET-1: off hides the panel and the badge everywhere, and the server refuses chat calls (`CHATS_DISABLED`).'),
  displayMode: doc(v.picklist(['popup', 'section']), 'S-SET-2: a floating window over the page, or the panel filling its container.'),
  managersSeeUnassigned: doc(v.boolean(), 'S-AUTH-3: plain managers see unassigned conversations (off: only admins, chat admins and the assignment hand them out).'),
  assignmentManagerIds: doc(v.pipe(v.array(UserId), v.maxLength(1000)), 'S-SET-4: managers new conversations are assigned to, round robin (unused while the bot is on).'),
  autoCloseAssignedMs: doc(v.nullable(v.pipe(v.number(), v.safeInteger(), v.minValue(60_000))), 'S-SET-3: close an assigned conversation after this much inactivity; null: never.'),
  /** S-CH-3: the auto-distribution bot. */
  distributionBot: v.object({
    enabled: v.boolean(),
    capacity: doc(v.pipe(v.number(), v.safeInteger(), v.minValue(1), v.maxValue(1000)), 'The most open conversations one manager carries before the bot passes them over.'),
    managerIds: v.pipe(v.array(UserId), v.maxLength(1000)),
    closeAfterMs: doc(
      v.optional(v.nullable(v.pipe(v.number(), v.safeInteger(), v.minValue(60_000))), BOT_CLOSE_AFTER_MS),
      'S-SET-3: while the bot is on it governs closing: any open conversation (assigned or not) closes after this much inactivity; null: never. Default 30 days.',
    ),
    saveNewCustomers: doc(
      v.optional(v.boolean(), false),
      'S-CH-3: while the bot is on, the customer of each new conversation who is not in the CRM yet is created there (name, phone, email, the channel\'s store, the messenger login) and linked, after the message is stored; a CRM that fails is tried again 4 times (after 1, 5, 15 and 60 minutes). Default off.',
    ),
  }),
  privacy: PrivacySettings,
  widgets: WidgetSettings,
  timeLimits: v.object({
    default: TimeLimits,
    perChannel: doc(v.record(ChannelKey, TimeLimits), 'S-SET-8: a channel\'s own limits, instead of the default.'),
  }),
});
export type ChatSettings = v.InferOutput<typeof ChatSettings>;

export const DEFAULT_CHAT_SETTINGS: ChatSettings = {
  chatsEnabled: true,
  displayMode: 'popup',
  managersSeeUnassigned: true,
  assignmentManagerIds: [],
  autoCloseAssignedMs: null,
  distributionBot: { enabled: false, capacity: 10, managerIds: [], closeAfterMs: BOT_CLOSE_AFTER_MS, saveNewCustomers: false },
  privacy: { enabled: false, text: '', link: '', excludedChannelIds: [] },
  widgets: { storeByChannel: {}, order: true, products: true, tasks: true, orderMethod: '', orderType: '' },
  timeLimits: { default: { warningMs: null, processingMs: 15 * 60_000 }, perChannel: {} },
};

/** What every chat user's panel follows (welcome and `settings.changed`); the rest is for admins. */
export const PublicSettings = v.object({
  version: doc(v.number(), 'The settings\' version: it grows by one with each save.'),
  chatsEnabled: v.boolean(),
  displayMode: v.picklist(['popup', 'section']),
  managersSeeUnassigned: v.boolean(),
});
export type PublicSettings = v.InferOutput<typeof PublicSettings>;

/** `settings.update`: the groups given replace theirs, the rest stay; checked whole after. */
export const SettingsUpdate = v.object({
  version: v.optional(doc(v.pipe(v.number(), v.safeInteger(), v.minValue(0)), 'The version the edit started from: another save since then answers `CONFLICT` with the current settings (`details.settings`, `details.version`). Absent: saved whatever the version.')),
  ...v.partial(v.object(ChatSettings.entries)).entries,
});

export const settingsMethods = {
  'settings.get': defineMethod({
    params: v.object({}),
    result: v.object({
      settings: ChatSettings,
      version: v.number(),
      stores: doc(v.array(v.object({ code: v.string(), name: v.string() })), 'The stores a channel may map to (S-SET-6); empty: the deployment knows none and the mapping is not required.'),
      channels: doc(
        v.array(v.object({ id: v.number(), kind: v.string(), name: v.string(), connected: v.boolean() })),
        'Every channel, for the per-channel rows (store mapping, time limits, privacy exclusions); one no longer connected too.',
      ),
    }),
    doc: 'Admins and chat admins: the chat settings with their version, the stores a channel may map to and the channels.',
    errors: { FORBIDDEN: 'not an admin or chat admin' },
  }),
  'settings.update': defineMethod({
    params: SettingsUpdate,
    result: v.object({ settings: ChatSettings, version: v.number() }),
    doc: 'Admins and chat admins: saves the groups given (the rest stay) in one step, checked as a whole; every open panel hears `settings.changed`. A bot just enabled takes the backlog at once.',
    errors: {
      FORBIDDEN: 'not an admin or chat admin',
      INVALID_PARAMS: 'a field is out of its rules (`details.nested` names each by its path, e.g. `timeLimits.default.warningMs`), or a channel has no store',
      CONFLICT: 'another save came first (`details.version`, `details.settings`: what is saved now)',
    },
  }),
} as const;

export const settingsEvents = {
  'settings.changed': defineEvent(PublicSettings, 'Every chat user: the settings were saved (S-SET-1, S-SET-2 apply at once; admins fetch the rest with `settings.get`).'),
} as const;
