/**
 * What a quick-reply template sees (S-QR-4). Only plain values: the server's own objects never
 * reach a template, and what does reach it is rebuilt as `Map`s, which have no prototype chain for
 * a template to climb (`customer.constructor` finds no key, so it renders empty).
 */
export interface TemplateContext {
  customer: { firstName: string; lastName: string; patronymic: string; fullName: string; email: string; phone: string };
  /** The manager inserting the reply. */
  manager: { name: string; firstName: string };
  conversation: { id: number; channel: string };
  /** The customer's current order, when there is one; absent, `order.number` renders empty. */
  order?: { number: string; status: string; total: number; currency: string; toPay: number };
}

export type TemplateValue = string | number | boolean | null;
/** A context as it crosses to the render worker: two levels of own data, nothing else. */
export type PlainContext = Record<string, Record<string, TemplateValue>>;

const isValue = (v: unknown): v is TemplateValue => v === null || typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v));

/**
 * Copies the context's own fields that are plain values. Done before the context is posted to the
 * worker, so a caller's stray object (a Date, a function, a class instance) is dropped here rather
 * than failing the structured clone or reaching the template.
 */
export function plainContext(context: TemplateContext): PlainContext {
  const out: PlainContext = {};
  for (const [name, group] of Object.entries(context as unknown as Record<string, unknown>)) {
    // Names with a leading `_` are the engine's own (`_parent`, `_seq` of a loop): never data.
    if (name.startsWith('_') || group === null || typeof group !== 'object' || Array.isArray(group)) continue;
    const fields: Record<string, TemplateValue> = {};
    for (const [key, value] of Object.entries(group)) if (!key.startsWith('_') && isValue(value)) fields[key] = value;
    out[name] = fields;
  }
  return out;
}

/** The context as the engine reads it: a fresh `Map` per render (the engine writes loop variables into it). */
export function toEngineContext(context: PlainContext): Map<string, Map<string, TemplateValue>> {
  const out = new Map<string, Map<string, TemplateValue>>();
  for (const [name, group] of Object.entries(context)) {
    const fields = new Map<string, TemplateValue>();
    for (const [key, value] of Object.entries(group)) if (isValue(value)) fields.set(key, value);
    out.set(name, fields);
  }
  return out;
}
