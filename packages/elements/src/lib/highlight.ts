/** A piece of text, marked when it is a match. */
export interface Slice {
  text: string;
  mark: boolean;
}

/**
 * Cuts `text` into plain and matched slices from `[start, end)` ranges (UTF-16 offsets, as the
 * server's search reports them), so a template renders matches as `<mark>` elements around text
 * nodes: nothing is ever parsed as HTML. Ranges are clamped, sorted and merged; with `max`, only
 * a window of that many characters around the first match is kept, with ellipses.
 */
export function highlightSlices(text: string, ranges: readonly (readonly [number, number])[], max = Infinity): Slice[] {
  const clean = ranges
    .map(([a, b]) => [Math.max(0, Math.min(a, text.length)), Math.max(0, Math.min(b, text.length))] as [number, number])
    .filter(([a, b]) => b > a)
    .sort((x, y) => x[0] - y[0]);
  let from = 0;
  let to = text.length;
  if (text.length > max) {
    const first = clean[0]?.[0] ?? 0;
    from = Math.max(0, Math.min(first - Math.floor(max / 4), text.length - max));
    to = Math.min(text.length, from + max);
  }
  const out: Slice[] = [];
  const push = (s: string, mark: boolean) => {
    const last = out[out.length - 1];
    if (!s) return;
    if (last?.mark === mark && s !== '…' && last.text !== '…') last.text += s; // overlapping ranges make one mark
    else out.push({ text: s, mark });
  };
  if (from > 0) push('…', false);
  let at = from;
  for (const [a0, b0] of clean) {
    const a = Math.max(a0, at);
    const b = Math.min(b0, to);
    if (b <= a) continue;
    push(text.slice(at, a), false);
    push(text.slice(a, b), true);
    at = b;
  }
  push(text.slice(at, to), false);
  if (to < text.length) push('…', false);
  return out;
}
