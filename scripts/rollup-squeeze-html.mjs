// Collapses the indentation of `html\`…\`` templates in our own elements. Terser leaves template
// strings alone, so every line break and indentation of a template ships; the panel's start-up
// (≤ 45 KB) and the consultant (≤ 20 KB min+gzip) have budgets. Runs after esbuild (plain JS).
//
// Only the static parts of a template change, and only by turning a run of whitespace that holds
// a line break into one space. HTML collapses such a run into one space anyway, except inside
// `<pre>`, `<textarea>` or an element styled `white-space: pre*`: our templates put no literal
// line breaks there (their text is always a `${…}` binding), and the test suite renders them.

const SCOPE = '/packages/elements/src/';

/** Every TaggedTemplateExpression whose tag is the identifier `html`, depth-first. */
function htmlTemplates(node, out = []) {
  if (!node || typeof node.type !== 'string') return out;
  if (node.type === 'TaggedTemplateExpression' && node.tag.type === 'Identifier' && node.tag.name === 'html') out.push(node);
  for (const key of Object.keys(node)) {
    const value = node[key];
    if (Array.isArray(value)) for (const v of value) htmlTemplates(v, out);
    else if (value && typeof value === 'object' && typeof value.type === 'string') htmlTemplates(value, out);
  }
  return out;
}

export function squeezeHtmlLiterals() {
  return {
    name: 'squeeze-html-literals',
    transform(code, id) {
      if (!id.includes(SCOPE) || !code.includes('html`')) return null;
      const edits = [];
      for (const t of htmlTemplates(this.parse(code))) {
        for (const q of t.quasi.quasis) {
          const raw = code.slice(q.start, q.end);
          const squeezed = raw.replace(/[ \t]*\n\s*/g, ' ');
          if (squeezed !== raw) edits.push([q.start, q.end, squeezed]);
        }
      }
      if (edits.length === 0) return null;
      edits.sort((a, b) => b[0] - a[0]);
      let out = code;
      for (const [start, end, text] of edits) out = out.slice(0, start) + text + out.slice(end);
      return { code: out, map: null };
    },
  };
}
