import * as v from 'valibot';
import { ChatSettings } from '@chatdesk/protocol';

/*
 * The settings form's model, without any DOM: the user's edits as a list of changed paths (so a
 * conflict can put them over what someone else saved), the groups a save sends, the time units of
 * the duration inputs, and the check of the whole document with the server's own schema.
 */

type Settings = v.InferOutput<typeof ChatSettings>;

/** One edit: the value at a path (`['timeLimits', 'perChannel', '3']`); `undefined` when the key was removed. */
export interface Edit {
  readonly path: readonly string[];
  readonly value: unknown;
}

const isRecord = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

/**
 * Where `draft` differs from `base`, field by field: objects and records are walked into (a
 * changed override of one channel is one edit, not the whole `timeLimits`); arrays (a list of
 * managers or channels) and other values are one edit each.
 */
export function editsOf(base: unknown, draft: unknown, path: readonly string[] = [], out: Edit[] = []): Edit[] {
  if (isRecord(base) && isRecord(draft)) {
    for (const key of new Set([...Object.keys(base), ...Object.keys(draft)])) editsOf(base[key], draft[key], [...path, key], out);
  } else if (JSON.stringify(base) !== JSON.stringify(draft)) {
    out.push({ path, value: draft });
  }
  return out;
}

export function getAt(obj: unknown, path: readonly string[]): unknown {
  let node = obj;
  for (const key of path) node = isRecord(node) ? node[key] : undefined;
  return node;
}

/** A copy of `obj` with `value` at `path` (copies along the path only); `undefined` removes the key. */
export function setAt<T>(obj: T, path: readonly string[], value: unknown): T {
  if (path.length === 0) return value as T;
  const [key, ...rest] = path as [string, ...string[]];
  const copy: Record<string, unknown> = { ...(obj as Record<string, unknown>) };
  const next = rest.length === 0 ? value : setAt(isRecord(copy[key]) ? copy[key] : {}, rest, value);
  if (next === undefined) delete copy[key];
  else copy[key] = next;
  return copy as T;
}

/**
 * The user's edits put over what is saved now (after a `CONFLICT`): each edited field keeps the
 * user's value, everything else shows the saved one. An edit inside something the other save
 * removed (an override of a channel) brings back the user's whole entry rather than half of it.
 */
export function rebase<T>(saved: T, draft: T, edits: readonly Edit[]): T {
  let out = saved;
  for (const edit of edits) {
    const missing = edit.path.findIndex((_, i) => i < edit.path.length - 1 && !isRecord(getAt(out, edit.path.slice(0, i + 1))));
    const path = missing === -1 ? edit.path : edit.path.slice(0, missing + 1);
    out = setAt(out, path, missing === -1 ? edit.value : getAt(draft, path));
  }
  return out;
}

/** The top-level groups that differ: what `settings.update` is given (the rest stay as saved). */
export function changedGroups(base: Settings, draft: Settings): Partial<Settings> {
  const groups: Record<string, unknown> = {};
  for (const key of Object.keys(draft) as (keyof Settings)[]) {
    if (JSON.stringify(base[key]) !== JSON.stringify(draft[key])) groups[key] = draft[key];
  }
  return groups as Partial<Settings>;
}

/** The units a duration is typed in; stored in milliseconds. */
export const UNIT_MS = { d: 86_400_000, h: 3_600_000, min: 60_000, s: 1_000 } as const;
export type Unit = keyof typeof UNIT_MS;

/** `ms` spread over `units` (largest first); what does not divide the smallest unit stays a fraction of it. */
export function splitMs(ms: number, units: readonly Unit[]): number[] {
  let rest = ms;
  return units.map((unit, i) => {
    const size = UNIT_MS[unit];
    if (i === units.length - 1) return rest / size;
    const n = Math.floor(rest / size);
    rest -= n * size;
    return n;
  });
}

/**
 * The milliseconds of what was typed in each unit's input; `null` when every input is empty. An
 * input that is not a number counts as 0: the schema then says what is wrong (at least 30 s…).
 */
export function joinMs(raw: readonly string[], units: readonly Unit[]): number | null {
  if (raw.every((s) => s.trim() === '')) return null;
  const ms = units.reduce((sum, unit, i) => {
    const n = Number((raw[i] ?? '').trim().replace(',', '.'));
    return sum + (Number.isFinite(n) ? n : 0) * UNIT_MS[unit];
  }, 0);
  return Math.round(ms);
}

/** Messages by dotted field path (`timeLimits.default.warningMs`), as the schema and the server name them. */
export type Issues = Readonly<Record<string, readonly string[]>>;

export interface Store {
  code: string;
  name: string;
}

/**
 * Checks the whole document as the server will: the shared schema (`v.safeParse(ChatSettings)`),
 * then S-SET-6 (once the deployment knows stores, every channel maps to one of them). Messages are
 * the schema's own; the element translates them.
 */
export function checkSettings(draft: unknown, stores: readonly Store[], channelIds: readonly number[]): Issues {
  const parsed = v.safeParse(ChatSettings, draft);
  const issues: Record<string, string[]> = {};
  if (!parsed.success) {
    const flat = v.flatten(parsed.issues);
    for (const [path, messages] of Object.entries(flat.nested ?? {})) if (messages) issues[path] = [...messages];
    if (flat.root) issues[''] = [...flat.root];
  }
  if (stores.length > 0) {
    const codes = new Set(stores.map((s) => s.code));
    const map = getAt(draft, ['widgets', 'storeByChannel']);
    for (const id of channelIds) {
      const code = isRecord(map) ? map[String(id)] : undefined;
      const message = code === undefined ? 'a store is required for every channel' : typeof code === 'string' && !codes.has(code) ? 'no such store' : '';
      const path = `widgets.storeByChannel.${id}`;
      if (message && !issues[path]?.includes(message)) (issues[path] ??= []).push(message);
    }
  }
  return issues;
}

/** Both sets of messages by path, each message once. */
export function mergeIssues(a: Issues, b: Issues): Issues {
  const out: Record<string, string[]> = {};
  for (const source of [a, b]) {
    for (const [path, messages] of Object.entries(source)) {
      const list = (out[path] ??= []);
      for (const m of messages) if (!list.includes(m)) list.push(m);
    }
  }
  return out;
}

/**
 * Puts each message at the field that shows it: the path itself, else its nearest parent that is
 * a field (`distributionBot.managerIds.2` → `distributionBot.managerIds`). What reaches no field
 * comes back in `other`, so nothing the server says is lost.
 */
export function placeIssues(issues: Issues, fields: ReadonlySet<string>): { byField: Map<string, string[]>; other: [string, string][] } {
  const byField = new Map<string, string[]>();
  const other: [string, string][] = [];
  for (const [path, messages] of Object.entries(issues)) {
    const segments = path === '' ? [] : path.split('.');
    let field: string | undefined;
    for (let n = segments.length; n > 0 && !field; n--) {
      const candidate = segments.slice(0, n).join('.');
      if (fields.has(candidate)) field = candidate;
    }
    if (field === undefined) {
      for (const m of messages) other.push([path, m]);
      continue;
    }
    const list = byField.get(field) ?? [];
    for (const m of messages) if (!list.includes(m)) list.push(m);
    byField.set(field, list);
  }
  return { byField, other };
}
