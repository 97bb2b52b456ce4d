import { ChatError, type Params, type Result, type SearchHit } from '@chatdesk/protocol';
import { prefixHighlights, searchWords, substringHighlights } from '../ports/search-folding.js';
import type { Conversation } from '@chatdesk/protocol';
import type { ListCursor } from '../ports/storage.js';
import { messagesOf, toMessage } from './message-view.js';
import type { ServiceContext } from './context.js';
import { isStaff, projectConversation, projectMessage, visibility } from './policy.js';

/**
 * S-DLG-3: search over customers (name, phone, email) and message text, in the conversations the
 * caller may see. Customer hits come first (their conversations, most recently active first),
 * then message hits, newest first; the cursor says which part a page continues and where.
 * Message text: prefix matches of every term (user input never becomes query syntax in any
 * adapter). Stored text and query go through the same folding (ports/search-folding.ts: NFC,
 * case, «ё» → «е», nothing else); newest first, no ranking (it would rank every match).
 */

type SearchCursor = { part: 'customers'; at: ListCursor } | { part: 'messages'; beforeId: number };

function encode(c: SearchCursor): string {
  const s = c.part === 'customers' ? `c.${c.at.at}.${c.at.id}` : `m.${c.beforeId}`;
  return Buffer.from(s).toString('base64url');
}

function decode(s: string): SearchCursor {
  const text = Buffer.from(s, 'base64url').toString('utf8');
  const c = /^c\.(\d{1,16})\.(\d{1,16})$/.exec(text);
  if (c) return { part: 'customers', at: { at: Number(c[1]), id: Number(c[2]) } };
  const m = /^m\.(\d{1,16})$/.exec(text);
  if (m) return { part: 'messages', beforeId: Number(m[1]) };
  throw new ChatError('INVALID_PARAMS', 'The cursor is not one this server issued.');
}

export async function search(ctx: ServiceContext, p: Params<'conversations.search'>): Promise<Result<'conversations.search'>> {
  if (!isStaff(ctx.actor)) throw new ChatError('FORBIDDEN', 'Only staff may search.');
  const terms = searchWords(p.query);
  if (terms.length === 0) return { hits: [], nextCursor: null };
  const vis = visibility(ctx.actor, ctx.policy);
  const cursor = p.cursor === undefined ? null : decode(p.cursor);
  const hits: SearchHit[] = [];
  let nextCursor: string | null = null;

  if (cursor === null || cursor.part === 'customers') {
    const ids = await ctx.store.search.customers(vis, terms, cursor?.part === 'customers' ? cursor.at : null, p.limit + 1);
    for (const id of ids.slice(0, p.limit)) {
      const conversation = await ctx.store.conversations.view(id);
      const customer = conversation && (await ctx.store.customers.get(conversation.customer.id));
      if (!conversation || !customer) continue;
      const fields = [
        ['name', customer.name, substringHighlights(customer.name, terms)],
        ['phone', customer.phone ?? '', substringHighlights(customer.phone ?? '', terms, true)],
        ['email', customer.email ?? '', substringHighlights(customer.email ?? '', terms)],
      ] as const;
      const [field, , highlights] = fields.find((f) => f[2].length > 0) ?? fields[0];
      hits.push({ conversation: projectConversation(ctx.actor, conversation, ctx.policy), field, message: null, highlights: [...highlights] });
    }
    if (ids.length > p.limit) {
      const last = hits[hits.length - 1]?.conversation;
      nextCursor = last ? encode({ part: 'customers', at: { at: last.lastActivityAt, id: last.id } }) : null;
      return { hits, nextCursor };
    }
  }

  const room = p.limit - hits.length;
  const beforeId = cursor?.part === 'messages' ? cursor.beforeId : null;
  const rows = room > 0 ? await ctx.store.search.messages(vis, terms, beforeId, room + 1) : [];
  // Hits cluster in conversations: read each conversation once per page.
  const conversations = new Map<number, Conversation | undefined>();
  const pageRows = rows.slice(0, room);
  // S-DLG-7: hits that are replies carry their quote (one read for the page).
  const messages = await messagesOf(ctx.store, pageRows);
  for (const [i, r] of pageRows.entries()) {
    if (!conversations.has(r.conversation_id)) conversations.set(r.conversation_id, await ctx.store.conversations.view(r.conversation_id));
    const conversation = conversations.get(r.conversation_id);
    if (!conversation) continue;
    hits.push({
      conversation: projectConversation(ctx.actor, conversation, ctx.policy),
      field: 'text',
      message: projectMessage(ctx.actor, messages[i] ?? toMessage(r), ctx.policy, conversation),
      highlights: prefixHighlights(r.text, terms),
    });
  }
  if (rows.length > room) {
    const last = rows[room - 1];
    if (last) nextCursor = encode({ part: 'messages', beforeId: last.id });
  } else if (room === 0) {
    // The customer part filled this page exactly: messages start on the next.
    nextCursor = encode({ part: 'messages', beforeId: Number.MAX_SAFE_INTEGER });
  }
  return { hits, nextCursor };
}
