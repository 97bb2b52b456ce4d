import { createSource, createSynchronousTemplate, isATwingError, type TwingBaseNode, type TwingSynchronousTemplate } from 'twing';
import { templateEnvironment } from './environment.js';
import { TEMPLATE_LIMITS } from './limits.js';
import { ALLOWED_FILTERS, ALLOWED_NODES, ALLOWED_TAGS, ALLOWED_TESTS, OPERATOR_SPELLING, TAG_WORDS, unassignable, unreadable } from './policy.js';
import type { CheckResult } from './results.js';

/*
 * From text to a template the engine may run, in three checks, each answering the first problem
 * with its 1-based line: the tokens (tags, so that even one the parser would swallow, like
 * `autoescape`, is seen; and `attribute()`, which leaves no trace in the tree), the engine's own
 * parse (syntax), then the syntax tree against the allowlists of policy.ts. Runs on the main
 * thread for `checkTemplate` (a 2000-character text parses in milliseconds, hostile or not: the
 * tests fuzz it) and again in the render worker before a render.
 */

export type Compiled = { ok: true; template: TwingSynchronousTemplate } | { ok: false; kind: 'syntax' | 'sandbox'; line: number; message: string };

/** The name every template gets inside the engine: it appears in no message we give out. */
const SOURCE_NAME = 'quick-reply';

export function compileTemplate(text: string): Compiled {
  if (text.length > TEMPLATE_LIMITS.maxTemplateChars) {
    return { ok: false, kind: 'sandbox', line: 1, message: `The template is longer than ${TEMPLATE_LIMITS.maxTemplateChars.toLocaleString('en-US')} characters.` };
  }
  const env = templateEnvironment();
  const source = createSource(SOURCE_NAME, text);
  try {
    const tagProblem = checkTokens(env.tokenize(source).toAst());
    if (tagProblem) return { ok: false, kind: 'sandbox', ...tagProblem };
    const ast = env.parse(env.tokenize(source));
    const treeProblem = checkTree(ast);
    if (treeProblem) return { ok: false, kind: 'sandbox', ...treeProblem };
    return { ok: true, template: createSynchronousTemplate(ast) };
  } catch (error) {
    if (error instanceof Error && isATwingError(error)) return { ok: false, kind: 'syntax', line: Math.max(1, error.location.line), message: engineMessage(error.rootMessage) };
    // The parser recurses per nesting level; a text nested past the stack's depth ends here.
    if (error instanceof RangeError) return { ok: false, kind: 'syntax', line: 1, message: 'The template is nested too deeply.' };
    throw error;
  }
}

/** S-QR-4: a syntax error, or a tag, filter or function the sandbox does not allow, with its line. */
export function checkTemplate(text: string): CheckResult {
  const compiled = compileTemplate(text);
  return compiled.ok ? { ok: true } : { ok: false, line: compiled.line, message: compiled.message };
}

type Problem = { line: number; message: string };

const TAGS_IN_WORDS = `${ALLOWED_TAGS.slice(0, -1).join(', ')} and ${ALLOWED_TAGS.at(-1)}`;

interface Token {
  type: string;
  value: unknown;
  line: number;
}

function checkTokens(tokens: Token[]): Problem | undefined {
  for (let i = 0; i < tokens.length; i++) {
    // `attribute(x, 'y')` is the one function the parser turns into plain `x.y` (no trace of it
    // in the tree). It reaches no more than `x.y` does, but the rule is no functions at all.
    if (tokens[i]!.type === 'NAME' && tokens[i]!.value === 'attribute' && tokens[i + 1]?.value === '(' && tokens[i - 1]?.value !== '.') {
      return { line: tokens[i]!.line, message: 'Functions are not available in templates: attribute() is not allowed.' };
    }
    if (tokens[i]!.type !== 'TAG_START') continue;
    let j = i + 1;
    while (j < tokens.length && /^(WHITESPACE|TRIMMING_MODIFIER|LINE_TRIMMING_MODIFIER)$/.test(tokens[j]!.type)) j++;
    const word = tokens[j];
    // `{% %}` with no name: the parser reports it as a syntax error.
    if (word?.type !== 'NAME') continue;
    const name = String(word.value);
    if (!TAG_WORDS.has(name)) return { line: word.line, message: `The tag "${name}" is not allowed: templates use only ${TAGS_IN_WORDS}.` };
  }
  return undefined;
}

/**
 * Walks the syntax tree (iteratively: its depth follows the text's nesting) and answers the
 * problem on the earliest line.
 */
function checkTree(root: TwingBaseNode): Problem | undefined {
  let found: Problem | undefined;
  const report = (line: number, message: string) => {
    if (!found || line < found.line) found = { line: Math.max(1, line), message };
  };
  const children = root.children as Record<string, TwingBaseNode | undefined>;
  // `{% extends %}` leaves no tag in the tree: it sets the template's parent.
  if (children['parent']) report(children['parent'].line, 'The tag "extends" is not allowed.');
  const stack: TwingBaseNode[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    const { type, attributes: a, line } = node as TwingBaseNode & { attributes: Record<string, unknown> };
    if (!ALLOWED_NODES.has(type)) {
      report(line, disallowedNode(node));
      continue;
    }
    switch (type) {
      case 'filter':
        if (!ALLOWED_FILTERS.includes(String(a['operatorName']))) report(line, `The filter "${String(a['operatorName'])}" is not allowed; the filters are: ${ALLOWED_FILTERS.join(', ')}.`);
        break;
      case 'test':
        if (!ALLOWED_TESTS.includes(String(a['operatorName']))) report(line, `The test "is ${String(a['operatorName'])}" is not allowed.`);
        break;
      case 'name':
        if (unreadable(String(a['name']))) report(line, `"${String(a['name'])}" is not available in templates.`);
        break;
      case 'assignment':
        if (unassignable(String(a['name']))) report(line, `"${String(a['name'])}" cannot be assigned.`);
        break;
      case 'attribute_accessor': {
        if (a['type'] === 'method') report(line, 'Methods cannot be called: read a field without parentheses (customer.firstName).');
        const key = (node.children as { attribute?: TwingBaseNode }).attribute;
        if (key?.type === 'constant' && unreadable(String((key.attributes as { value?: unknown }).value))) report(line, `"${String((key.attributes as { value?: unknown }).value)}" is not available in templates.`);
        break;
      }
    }
    // Reversed onto the stack, so that nodes are visited in the text's order.
    stack.push(...(Object.values(node.children) as TwingBaseNode[]).reverse());
  }
  return found;
}

function disallowedNode(node: TwingBaseNode): string {
  const { type, tag } = node;
  const name = String((node.attributes as Record<string, unknown>)['operatorName'] ?? '');
  if (type === 'function') return `Functions are not available in templates: ${name}() is not allowed.`;
  if (tag) return `The tag "${tag}" is not allowed: templates use only ${TAGS_IN_WORDS}.`;
  const operator = OPERATOR_SPELLING[String(type)];
  if (operator) return `The operator "${operator}" is not allowed.`;
  return `This expression is not allowed (${String(type).replace(/_/g, ' ')}).`;
}

/**
 * The engine's messages, made ours: positions as words, and no suggestion of a name the sandbox
 * would refuse anyway ("Did you mean "include"?").
 */
function engineMessage(message: string): string {
  let out = message.replace(/\{(\d+):(\d+)\}/g, 'line $1, column $2');
  out = out.replace(/ Did you mean "([^"]+)"\??/, (all, name: string) => (TAG_WORDS.has(name) || ALLOWED_FILTERS.includes(name) ? all : ''));
  out = out.replace(/ Token \{[^}]*\}\.?$/, '');
  out = out.replace(/^Unknown filter "([^"]+)"\.$/, (_all, name: string) => `There is no filter "${name}"; the filters are: ${ALLOWED_FILTERS.join(', ')}.`);
  return out.trim();
}
