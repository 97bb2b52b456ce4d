import { ChatError, QUICK_REPLY_LIMITS, type Params, type QuickReply, type QuickReplyCategory, type Result } from '@chatdesk/protocol';
import { foldForSearch, searchWords } from '../ports/search-folding.js';
import type { QuickReplyRow } from '../ports/storage.js';
import { checkTemplate } from '../templates/index.js';
import type { ServiceContext } from './context.js';
import { isStaff, mayEditQuickReplies } from './policy.js';

/*
 * Quick replies (S-QR-1..3): every staff user reads them; admins and chat admins change them, and
 * every open panel hears the change (`quickReplies.changed`). A text is saved only when the
 * template engine would render it (S-QR-4): a syntax error is refused with its line here, never
 * met by a manager at the moment of inserting.
 */

function requireStaff(ctx: ServiceContext): void {
  if (!isStaff(ctx.actor)) throw new ChatError('FORBIDDEN', 'Only staff use quick replies.');
}

function requireEditor(ctx: ServiceContext): void {
  if (!mayEditQuickReplies(ctx.actor)) throw new ChatError('FORBIDDEN', 'Only admins and chat admins change quick replies (S-QR-2).');
}

/** S-QR-4: refused with the line and the engine's message, at `text` like any other field. */
export function requireTemplate(text: string): void {
  const checked = checkTemplate(text);
  if (!checked.ok) {
    throw new ChatError('INVALID_PARAMS', `The text is not a valid template: line ${checked.line}: ${checked.message}`, {
      reason: 'template',
      line: checked.line,
      message: checked.message,
      nested: { text: [`line ${checked.line}: ${checked.message}`] },
    });
  }
}

export const toQuickReply = (r: QuickReplyRow): QuickReply => ({ id: r.id, command: r.command, title: r.title, text: r.text, categoryId: r.category_id, updatedAt: r.updated_at });

export async function listQuickReplies(ctx: ServiceContext, p: Params<'quickReplies.list'>): Promise<Result<'quickReplies.list'>> {
  requireStaff(ctx);
  const [rows, categories] = await Promise.all([ctx.store.quickReplies.list(), ctx.store.quickReplies.categories()]);
  // A thousand replies at most: filtered here, with the folding message search uses.
  const words = searchWords(p.query);
  const found = words.length === 0 ? rows : rows.filter((r) => words.every((w) => r.search.includes(w)));
  const rank = new Map(categories.map((c, i) => [c.id, i]));
  const order = (r: QuickReplyRow) => (r.category_id === null ? categories.length : (rank.get(r.category_id) ?? categories.length));
  found.sort((a, b) => order(a) - order(b) || (a.command < b.command ? -1 : a.command > b.command ? 1 : 0));
  return { replies: found.map(toQuickReply), categories: categories.map((c): QuickReplyCategory => ({ id: c.id, name: c.name })) };
}

export async function saveQuickReply(ctx: ServiceContext, p: Params<'quickReplies.save'>): Promise<Result<'quickReplies.save'>> {
  requireEditor(ctx);
  requireTemplate(p.text);
  const store = ctx.store.quickReplies;
  if (p.categoryId !== null && !(await store.category(p.categoryId))) throw new ChatError('NOT_FOUND', 'No such category.');
  const fields = {
    command: p.command,
    title: p.title,
    text: p.text,
    category_id: p.categoryId,
    search: foldForSearch(`${p.command}\n${p.title}\n${p.text}`),
    updated_at: ctx.clock.now(),
  };
  const taken = () => new ChatError('CONFLICT', `Another quick reply has the command /${p.command}.`, { reason: 'command' });
  let row: QuickReplyRow;
  if (p.id === undefined) {
    const count = await store.count();
    if (count >= QUICK_REPLY_LIMITS.replies) throw new ChatError('LIMIT_EXCEEDED', `At most ${QUICK_REPLY_LIMITS.replies} quick replies.`, { limit: QUICK_REPLY_LIMITS.replies, actual: count });
    const id = await store.insert(fields);
    if (id === null) throw taken();
    row = { id, ...fields };
  } else {
    if (!(await store.get(p.id))) throw new ChatError('NOT_FOUND', 'No such quick reply.');
    row = { id: p.id, ...fields };
    if (!(await store.update(row))) throw taken();
  }
  const reply = toQuickReply(row);
  ctx.events.emit('quickReplies.changed', { kind: 'reply', reply }, { staff: true });
  return { reply };
}

export async function deleteQuickReply(ctx: ServiceContext, p: Params<'quickReplies.delete'>): Promise<Result<'quickReplies.delete'>> {
  requireEditor(ctx);
  if (!(await ctx.store.quickReplies.delete(p.id))) throw new ChatError('NOT_FOUND', 'No such quick reply.');
  ctx.events.emit('quickReplies.changed', { kind: 'replyDeleted', id: p.id }, { staff: true });
  return {};
}

export async function saveQuickReplyCategory(ctx: ServiceContext, p: Params<'quickReplies.saveCategory'>): Promise<Result<'quickReplies.saveCategory'>> {
  requireEditor(ctx);
  const store = ctx.store.quickReplies;
  const taken = () => new ChatError('CONFLICT', `Another category is named «${p.name}».`, { reason: 'name' });
  let id: number;
  if (p.id === undefined) {
    const count = await store.categoryCount();
    if (count >= QUICK_REPLY_LIMITS.categories) throw new ChatError('LIMIT_EXCEEDED', `At most ${QUICK_REPLY_LIMITS.categories} categories.`, { limit: QUICK_REPLY_LIMITS.categories, actual: count });
    const made = await store.insertCategory(p.name);
    if (made === null) throw taken();
    id = made;
  } else {
    if (!(await store.category(p.id))) throw new ChatError('NOT_FOUND', 'No such category.');
    if (!(await store.renameCategory(p.id, p.name))) throw taken();
    id = p.id;
  }
  const category = { id, name: p.name };
  ctx.events.emit('quickReplies.changed', { kind: 'category', category }, { staff: true });
  return { category };
}

export async function deleteQuickReplyCategory(ctx: ServiceContext, p: Params<'quickReplies.deleteCategory'>): Promise<Result<'quickReplies.deleteCategory'>> {
  requireEditor(ctx);
  if (!(await ctx.store.quickReplies.deleteCategory(p.id))) throw new ChatError('NOT_FOUND', 'No such category.');
  ctx.events.emit('quickReplies.changed', { kind: 'categoryDeleted', id: p.id }, { staff: true });
  return {};
}
