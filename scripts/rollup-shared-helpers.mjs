// esbuild lowers decorators (and, with them, the private members of a decorated class) one file
// at a time, writing its helper functions (__decorateElement, __privateGet, …) into every file:
// the panel carried seven copies. This plugin runs after esbuild and replaces each file's copies
// with imports from one virtual module, so each helper ships once per bundle.
import { transform } from 'esbuild';

const VIRTUAL = '\0esbuild-helpers';

// A sample that makes esbuild emit every helper our elements need, to learn their exact text.
const SAMPLE = `
import { property, state } from 'lit/decorators.js';
class Base {}
export class A extends Base {
  #x = 1;
  static #s = 2;
  @property() accessor a = '';
  @state() private accessor b = 0;
  #m() { return this.#x + A.#s; }
  get #g() { return this.#x; }
  set #g(v) { this.#x = v; }
  t(o: object) { this.#x = 2; return #x in o && this.#g && this.#m(); }
}
`;

/** Top-level `var __name = …;` statements (esbuild's helpers) at the head of `code`. */
function helperStatements(ast, code) {
  const found = [];
  for (const node of ast.body) {
    if (node.type === 'ExpressionStatement' && node.directive) continue;
    if (node.type !== 'VariableDeclaration' || node.declarations.length !== 1) break;
    const name = node.declarations[0].id.name;
    if (!/^__[A-Za-z]+$/.test(name ?? '')) break;
    found.push({ name, start: node.start, end: node.end, text: code.slice(node.start, node.end) });
  }
  return found;
}

export function sharedEsbuildHelpers({ target, tsconfig }) {
  /** helper name → its exact statement, as esbuild writes it with these options. */
  let known = new Map();
  return {
    name: 'shared-esbuild-helpers',
    async buildStart() {
      const { code } = await transform(SAMPLE, { loader: 'ts', target, tsconfigRaw: tsconfig });
      const ast = this.parse(code);
      known = new Map(helperStatements(ast, code).map((h) => [h.name, h.text]));
    },
    resolveId(id) {
      return id === VIRTUAL ? id : null;
    },
    load(id) {
      if (id !== VIRTUAL) return null;
      return [...known.values()].join('\n') + `\nexport { ${[...known.keys()].join(', ')} };\n`;
    },
    transform(code, id) {
      if (id === VIRTUAL || !code.includes('var __')) return null;
      const helpers = helperStatements(this.parse(code), code).filter((h) => known.get(h.name) === h.text);
      if (helpers.length === 0) return null;
      let out = '';
      let at = 0;
      for (const h of helpers) {
        out += code.slice(at, h.start);
        at = h.end;
      }
      out += code.slice(at);
      return { code: `import { ${helpers.map((h) => h.name).join(', ')} } from '${VIRTUAL}';\n${out}`, map: null };
    },
  };
}
