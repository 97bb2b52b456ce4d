import type pg from 'pg';
import { NEWEST, type SortKey } from '../list-sql.js';
import type { Visibility } from '../../ports/storage.js';

/** How the aggregates reach the database: on the action's connection (postgres-storage.ts). */
export interface Sql {
  one<R extends pg.QueryResultRow>(text: string, values: readonly unknown[]): Promise<R | undefined>;
  all<R extends pg.QueryResultRow>(text: string, values: readonly unknown[]): Promise<R[]>;
  /** Resolves to the number of rows the statement changed. */
  run(text: string, values: readonly unknown[]): Promise<number>;
}

/** Long texts are cut in previews (code points, as `left` counts); the thread loads the full message. */
export { PREVIEW_CHARS } from '../../ports/records.js';

/** Positional parameters collected while a statement is built: `p.add(v)` is `$n`. */
export class Params {
  readonly values: unknown[] = [];
  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

/**
 * The port's structured visibility as disjoint conditions over conversations aliased `c`, each
 * one index range in list order. Every customer part names the kind, so internal chats (same
 * table) never fall into one; `member` is the internal chats a user belongs to.
 */
export function visibilityParts(visible: Visibility, p: Params): string[] {
  return visible.map((part) => {
    switch (part.kind) {
      case 'all':
        return `c.kind = 'customer'`;
      case 'customer':
        return `c.kind = 'customer' AND c.customer_id = ${p.add(part.customerId)}`;
      case 'assignee':
        return `c.kind = 'customer' AND c.assignee_id = ${p.add(part.userId)}`;
      case 'unassigned':
        return `c.kind = 'customer' AND c.assignee_id IS NULL`;
      case 'member':
        return `c.kind = 'internal' AND EXISTS (SELECT 1 FROM conversation_members cm WHERE cm.conversation_id = c.id AND cm.user_id = ${p.add(part.userId)})`;
    }
  });
}

/** Any of the parts: one OR, for queries that do not page through a list index. */
export function anyOf(parts: readonly string[]): string {
  return `(${parts.map((part) => `(${part})`).join(' OR ')})`;
}

/**
 * `selects` (each over conversations `c`, selecting `c.id` and the sort key first), each in its
 * own ordered, limited subquery (PostgreSQL walks that part's index and stops early), merged into
 * one ordered list of at most `limit`.
 */
export function mergeOrdered(selects: readonly string[], limit: string, key: SortKey = NEWEST): string {
  const dir = key.desc ? ' DESC' : '';
  const parts = selects.map((sql, i) => `SELECT * FROM (${sql} ORDER BY ${key.sql}${dir}, c.id${dir} LIMIT ${limit}) part${i}`);
  return `${parts.join(' UNION ALL ')} ORDER BY 2${dir}, 1${dir} LIMIT ${limit}`;
}
