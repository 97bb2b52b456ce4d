import type { ChatServerConfig } from '../config.js';
import { loadSettings } from '../services/settings-doc.js';
import type { Storage } from '../ports/storage.js';

/**
 * One line at start-up saying who gets new conversations, so that nobody discovers it from the
 * queue: a fresh database has no assignment list (S-SET-4) and no distribution bot (S-CH-3).
 */
export async function assignmentNotice(store: Storage, config: Pick<ChatServerConfig, 'managersSeeUnassigned'>): Promise<string> {
  const { assignmentManagerIds: list, distributionBot: bot } = await loadSettings(store);
  if (bot.enabled) return `  Assignment:          the distribution bot, over ${bot.managerIds.length} manager(s), at most ${bot.capacity} open each (S-CH-3)`;
  if (list.length > 0) return `  Assignment:          round robin over ${list.length} online manager(s) of the assignment list (S-SET-4)`;
  return config.managersSeeUnassigned
    ? '  Assignment:          none set (S-SET-4): new conversations stay unassigned in the shared queue that every manager sees; the first manager to answer takes one. An admin sets the list with settings.update.'
    : '  Assignment:          none set (S-SET-4) and --hide-unassigned: new conversations reach only admins and chat admins until one assigns them. An admin sets the list with settings.update.';
}
