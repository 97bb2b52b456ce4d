import { html, type TemplateResult } from 'lit';

const FSI = '\u2068';
const PDI = '\u2069';

/**
 * User text (a name, a message) for a sentence of ours: wrapped in FIRST STRONG ISOLATE … POP
 * DIRECTIONAL ISOLATE, so a right-to-left override inside it cannot reorder the words around it
 * («‮gpj.exe печатает…»). Isolate controls of its own are dropped, or one of them could close the
 * isolate early. Use it for attributes (`aria-label`, `title`) and notifications as they are;
 * in the DOM render the sentence with `bidiText`.
 */
export function isolate(text: string): string {
  return FSI + text.replace(/[\u2066-\u2069]/g, '') + PDI;
}

/**
 * A sentence built with `isolate()` as DOM: each isolated piece becomes a `<bdi>` (which isolates
 * it the same way, with its direction from its own first strong character), so the text nodes
 * carry no invisible controls.
 */
export function bidiText(sentence: string): string | (string | TemplateResult)[] {
  const pieces = sentence.split(/[\u2068\u2069]/);
  return pieces.length < 3 ? sentence : pieces.map((p, i) => (i % 2 ? html`<bdi>${p}</bdi>` : p));
}
