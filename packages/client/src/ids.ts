/**
 * A random client message id. `crypto.randomUUID` exists only in secure contexts, and a shop page
 * may be plain http, so this uses getRandomValues (available everywhere, Node 20 included).
 */
export function newClientMessageId(): string {
  const bytes = new Uint8Array(16);
  globalThis.crypto.getRandomValues(bytes);
  let s = '';
  for (const b of bytes) s += b.toString(16).padStart(2, '0');
  return s;
}
