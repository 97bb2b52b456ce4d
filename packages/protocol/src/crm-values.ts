import * as v from 'valibot';
import { doc } from './doc.js';
import { text } from './text.js';

/*
 * The CRM's values that the message model shares with the CRM records (a card in a message is a
 * snapshot of a product or an order): here, so that entities.ts need not import crm.ts, which
 * imports it.
 */

/** A record's id in the CRM: 1–64 characters of its own choosing. */
export const CrmId = v.pipe(v.string(), v.minLength(1), v.maxLength(64), v.description('An id the CRM assigned (1–64 characters).'));

/** A link the widgets open: http(s) only (a `javascript:` one would run in the CRM page). */
export const HttpUrl = v.pipe(text(2048), v.url(), v.check((u) => /^https?:\/\//i.test(u), 'an http or https address'));

/** Money in the store's currency, in its major unit with at most two decimals (199.9). */
export const Money = v.pipe(
  v.number(),
  v.minValue(0),
  v.maxValue(1e12),
  // Binary floats: 0.29 * 100 is 28.999…; a kopeck is what is meant.
  v.check((n) => Math.abs(Math.round(n * 100) - n * 100) < 1e-6, 'at most two decimals'),
);

export const Currency = doc(v.pipe(v.string(), v.regex(/^[A-Z]{3}$/)), 'ISO 4217, e.g. `RUB`.');
