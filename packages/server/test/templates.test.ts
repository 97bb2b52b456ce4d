// Quick-reply templates (S-QR-4): Twig through the twing engine's sandbox, rendered in workers.
// What a template may use and see, the refusals `checkTemplate` gives with their line, and the
// bombs: each stopped at its budget, the event loop free and other renders served meanwhile.
import assert from 'node:assert/strict';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import { after, before, test } from 'node:test';
import fc from 'fast-check';
import { checkTemplate, renderTemplate, stopTemplateWorkers, TEMPLATE_LIMITS, templateWorkerStats, type RenderResult, type TemplateContext } from '../src/templates/index.js';
import { spawnRenderWorker } from '../src/templates/render.js';
import { RenderPool } from '../src/templates/worker-pool.js';

const ivan: TemplateContext = {
  customer: { firstName: 'Иван', lastName: 'Петров', patronymic: 'Сергеевич', fullName: 'Петров Иван Сергеевич', email: 'ivan@example.ru', phone: '+7 916 123-45-67' },
  manager: { name: 'Анна Смирнова', firstName: 'Анна' },
  conversation: { id: 42, channel: 'web' },
  order: { number: 'A-1001', status: 'Новый', total: 1234567.891, currency: 'RUB', toPay: 1500.5 },
};
const nameless: TemplateContext = { ...ivan, customer: { ...ivan.customer, firstName: '', fullName: '' } };
/** A context as a careless caller might build it: no order, fields missing, stray non-values. */
const sparse = { customer: { lastName: 'Петров', callback: () => 'x', at: new Date() }, manager: { name: 'Анна' }, conversation: { id: 1, channel: 'web' } } as unknown as TemplateContext;

async function text(template: string, context: TemplateContext = ivan): Promise<string> {
  const result = await renderTemplate(template, context);
  assert.ok(result.ok, `${template} → ${JSON.stringify(result)}`);
  return result.text;
}

async function timed(template: string, context: TemplateContext = ivan, opts?: Parameters<typeof renderTemplate>[2]): Promise<{ result: RenderResult; ms: number }> {
  const started = performance.now();
  const result = await renderTemplate(template, context, opts);
  return { result, ms: performance.now() - started };
}

function refused(template: string): { line: number; message: string } {
  const checked = checkTemplate(template);
  assert.equal(checked.ok, false, `${JSON.stringify(template)} passed the check`);
  return checked as { line: number; message: string };
}

// The first render starts the workers (a few hundred ms through tsx): keep that out of the timings.
before(async () => assert.equal(await text('{{ 1 }}'), '1'));
after(() => stopTemplateWorkers());

test('S-QR-4: the greeting renders the customer\'s first name, and «клиент» when it is empty or absent', async () => {
  const greeting = "Здравствуйте, {{ customer.firstName|default('клиент') }}!";
  assert.deepEqual(checkTemplate(greeting), { ok: true });
  assert.equal(await text(greeting), 'Здравствуйте, Иван!');
  assert.equal(await text(greeting, nameless), 'Здравствуйте, клиент!');
  assert.equal(await text(greeting, sparse), 'Здравствуйте, клиент!');
});

test('S-QR-4: every allowed filter', async () => {
  const cases: Array<[string, string]> = [
    ["{{ 'иван петров'|upper }}", 'ИВАН ПЕТРОВ'],
    ["{{ 'ИВАН'|lower }}", 'иван'],
    ["{{ 'иван петров'|capitalize }}", 'Иван петров'],
    ["{{ 'иван петров'|title }}", 'Иван Петров'],
    ["[{{ '  Иван \n'|trim }}]", '[Иван]'],
    ["{{ customer.email|default('—') }} {{ customer.middleName|default('—') }} {{ ''|default('—') }}", 'ivan@example.ru — —'],
    ['{{ customer.firstName|length }} {{ [1, 2, 3]|length }}', '4 3'],
    ['{{ customer.firstName|first }}{{ customer.firstName|last }} {{ [7, 8, 9]|first }}{{ [7, 8, 9]|last }}', 'Ин 79'],
    ["{{ [customer.lastName, customer.firstName]|join(' ') }} {{ [1, 2, 3]|join(', ', ' и ') }} {{ (1..5)|join }}", 'Петров Иван 1, 2 и 3 12345'],
    ["{{ 'Заказ N готов'|replace({'N': order.number}) }}", 'Заказ A-1001 готов'],
    ["{{ order.total|number_format }} | {{ order.total|number_format(2, ',', ' ') }} | {{ order.toPay|number_format(2, '.', '') }}", '1,234,568 | 1 234 567,89 | 1500.50'],
    ["{{ 1700000000|date('d.m.Y H:i', 'UTC') }}", '14.11.2023 22:13'],
    ["{{ 1700000000|date('d.m.Y H:i', 'Europe/Moscow') }}", '15.11.2023 01:13'],
    ["{{ '2024-05-01T10:05:00Z'|date('d/m/Y H:i:s', 'UTC') }} {{ '2024-05-01T10:05:00Z'|date('D, j M y', 'UTC') }}", '01/05/2024 10:05:00 Wed, 1 May 24'],
  ];
  for (const [template, want] of cases) assert.equal(await text(template), want, template);
  assert.match(await text("{{ 'now'|date('Y') }}"), /^\d{4}$/);
  // An unknown date renders empty: absent (Twig would print *now*), unreadable, or not a date at all.
  assert.equal(await text("[{{ order.createdAt|date('d.m.Y') }}|{{ 'позавчера'|date('d.m.Y') }}|{{ customer.firstName|date('d.m.Y') }}|{{ '2024-05-01'|date('d.m.Y', 'Mars/Base') }}]"), '[|||]');
});

test('S-QR-4: if, for and set work as in Twig', async () => {
  const template = [
    '{% set who = customer.firstName ~ " " ~ customer.patronymic %}',
    '{% if order.toPay > 0 %}{{ who }}, к оплате {{ order.toPay }} {{ order.currency }}.{% elseif order %}Оплачено.{% else %}Нет заказа.{% endif %}',
    '{% for word in ["a", "b", "c"] %}{{ loop.index }}{{ word }}{% if not loop.last %},{% endif %}{% else %}пусто{% endfor %}',
    '{% set captured %}{{ manager.firstName|upper }}{% endset %}{{ captured }}',
  ].join('\n');
  // As in Twig, the first newline after a tag is not output.
  assert.equal(await text(template), 'Иван Сергеевич, к оплате 1500.5 RUB.1a,2b,3cАННА');
  assert.equal(await text('{% if true %}да{% endif %}\n\nСпасибо'), 'да\nСпасибо');
  assert.equal(await text('{% if order is defined %}заказ{% else %}без заказа{% endif %}', sparse), 'без заказа');
  // PHP's range over numeric strings concatenates and never ends; here it counts.
  assert.equal(await text("{% for i in '1'..'5' %}{{ i }}{% endfor %} {{ ('a'..'e')|join }}"), '12345 abcde');
});

test('S-QR-4: an unknown variable or field renders empty', async () => {
  assert.equal(await text('[{{ nobody }}|{{ nobody.deep.er }}|{{ customer.middleName }}|{{ customer.firstName.length }}|{{ customer["x"] }}]'), '[||||]');
  assert.equal(await text('[{{ order.number }}|{{ customer.firstName }}|{{ customer.callback }}|{{ customer.at }}|{{ manager.firstName }}]', sparse), '[||||]');
});

test('S-QR-4: the output is plain text: nothing is escaped', async () => {
  const context = { ...ivan, customer: { ...ivan.customer, firstName: '<b>Иван</b> & "Ко"' } };
  assert.equal(await text("{{ customer.firstName }} {{ '<i>' }} 1 < 2 &amp;", context), '<b>Иван</b> & "Ко" <i> 1 < 2 &amp;');
});

test('S-QR-4: a syntax error is refused with its 1-based line and the engine\'s message', () => {
  let r = refused('Здравствуйте,\n{{ customer.firstName }}\n{{ customer.firstName');
  assert.equal(r.line, 3);
  assert.match(r.message, /Unclosed variable/);
  r = refused('a\n{% if customer.firstName %}\nb');
  assert.equal(r.line, 3);
  assert.match(r.message, /end of template/i);
  r = refused('a\nb\n{{ customer.firstName|upprr }}');
  assert.equal(r.line, 3);
  assert.match(r.message, /no filter "upprr"; the filters are: default, upper/);
  r = refused('{{ customer.firstName ~ }}');
  assert.equal(r.line, 1);
  // The engine's internal name for the text and its "{3:1}" positions appear nowhere.
  for (const template of ['{{ "x', '\n\n{% for %}', '{{ a b }}']) assert.doesNotMatch(refused(template).message, /quick-reply"|\{\d+:\d+\}/, template);
});

test('S-QR-4: tags other than if, for and set are refused at check time with their line', () => {
  const tags = [
    "{% include 'x' %}", '{% macro m() %}{{ _self.m() }}{% endmacro %}', "{% extends 'x' %}", "{% import 'x' as y %}", "{% from 'x' import y %}",
    "{% embed 'x' %}{% endembed %}", '{% block b %}x{% endblock %}', "{% use 'x' %}", '{% autoescape %}x{% endautoescape %}', '{% apply upper %}x{% endapply %}',
    '{% verbatim %}x{% endverbatim %}', '{% with {a: 1} %}x{% endwith %}', '{% do 1 %}', "{% sandbox %}{% include 'x' %}{% endsandbox %}", '{% flush %}',
    "{% deprecated 'x' %}", '{% spaceless %}x{% endspaceless %}', '{% filter upper %}x{% endfilter %}', "{%- include 'x' -%}",
  ];
  for (const tag of tags) {
    const r = refused(`Здравствуйте!\n\n${tag}`);
    assert.equal(r.line, 3, tag);
    assert.match(r.message, /^The tag "\w+" is not allowed/, tag);
  }
});

test('S-QR-4: functions, methods and filters, tests and operators outside the allowlist are refused at check time with their line', () => {
  const refusals: Array<[string, RegExp]> = [
    ['{{ range(1, 10) }}', /Functions are not available in templates: range\(\)/],
    ["{{ include('x') }}", /include\(\)/],
    ["{{ template_from_string('{{ 1 }}') }}", /template_from_string\(\)/],
    ['{{ dump(customer) }}', /dump\(\)/],
    ["{{ attribute(customer, 'firstName') }}", /attribute\(\)/],
    ["{{ constant('PHP_EOL') }}", /constant\(\)/],
    ["{{ source('x') }}", /source\(\)/],
    ["{{ random() }} {{ date() }} {{ max(1, 2) }}", /random\(\)/],
    ['{{ customer.firstName.toUpperCase() }}', /Methods cannot be called/],
    ['{{ customer.getFirstName() }}', /Methods cannot be called/],
    ['{{ customer.firstName|raw }}', /filter "raw" is not allowed/],
    ['{{ customer.firstName|escape }}', /filter "escape" is not allowed/],
    ['{{ customer.firstName|e }}', /filter "e" is not allowed/],
    ['{{ [1]|map(x => x) }}', /filter "map" is not allowed/],
    ['{{ customer|json_encode }}', /filter "json_encode" is not allowed/],
    ["{{ customer.firstName matches '/(a+)+$/' }}", /operator "matches"/],
    ["{{ customer is constant('X') }}", /test "is constant"/],
    ['{{ 2 ** 10 }}', /operator "\*\*"/],
  ];
  for (const [template, message] of refusals) {
    const r = refused(`Здравствуйте!\n${template}`);
    assert.equal(r.line, 2, template);
    assert.match(r.message, message, template);
  }
});

test('S-QR-4: nothing but the context\'s own data is reachable: no prototype, no globals, no engine internals', async () => {
  // Properties of the prototype chain are not the context's keys: they render empty.
  assert.equal(await text('[{{ customer.constructor }}|{{ customer.toString }}|{{ customer["constructor"] }}|{{ customer.hasOwnProperty }}|{{ customer.firstName.constructor }}|{{ order.total.toFixed }}|{{ process }}|{{ globalThis }}|{{ require }}]'), '[||||||||]');
  // The engine's own names are refused when the reply is saved.
  for (const probe of ['{{ _self }}', '{{ _context }}', '{{ _charset }}', '{{ _context.customer }}', '{{ loop.parent._parent }}', '{{ customer.__proto__ }}', "{{ customer['__proto__'] }}", '{% set _parent = 1 %}', '{% for x in [1] %}{% set loop = 1 %}{% endfor %}']) {
    assert.match(refused(probe).message, /not available|cannot be assigned/, probe);
  }
  assert.equal(refused('{{ customer.constructor.constructor("return process")() }}').line, 1);
  // What the check cannot know (a whole object printed, a loop's internals) the sandbox refuses at render time.
  for (const probe of ['{{ customer }}', "{{ customer|date('Y') }}", "{{ 'a'..'c' }}", "{% set k = '_seq' %}{% for a in [1] %}{% for b in [2] %}{{ loop.parent[k] }}{% endfor %}{% endfor %}"]) {
    const result = await renderTemplate(probe, ivan);
    assert.equal(result.ok, false, probe);
    assert.equal(!result.ok && result.reason, 'sandbox', probe);
  }
});

/** The bombs of the issue, and one per budget: each must answer a limit, not a text, within ~1 s. */
const bombs: Array<{ name: string; template: string; reason: string; context?: TemplateContext }> = [
  { name: 'a range of 100 million', template: '{% for i in 1..100000000 %}x{% endfor %}', reason: 'loop' },
  { name: 'an endless range', template: '{% for i in 0..(1/0) %}x{% endfor %}', reason: 'loop' },
  { name: 'nested loops over the context', template: '{% for a in customer %}{% for b in customer %}{% for c in customer %}{% for d in customer %}{% for e in customer %}{% for f in customer %}{% endfor %}{% endfor %}{% endfor %}{% endfor %}{% endfor %}{% endfor %}', reason: 'loop' },
  { name: 'nested loops of a thousand', template: '{% for a in 1..1000 %}{% for b in 1..1000 %}{% endfor %}{% endfor %}', reason: 'loop' },
  { name: 'a string doubled 20 times', template: "{% set s = 'xxxxxxxxxx' %}{% for i in 1..20 %}{% set s = s ~ s %}{% endfor %}{{ s }}", reason: 'output' },
  { name: 'a string doubled 30 times, never printed', template: "{% set s = 'xxxxxxxxxx' %}{% for i in 1..30 %}{% set s = s ~ s %}{% endfor %}", reason: 'output' },
  {
    name: 'a long chain of concatenations of a long name',
    template: `{{ ${Array(95).fill('customer.firstName').join(' ~ ')} }}`,
    context: { ...ivan, customer: { ...ivan.customer, firstName: 'Иван'.repeat(250) } },
    reason: 'output',
  },
  { name: 'many small prints', template: '{% for i in 1..10000 %}{{ customer.fullName }}{% endfor %}', reason: 'output' },
  { name: 'join of a long range with a long glue', template: "{{ (1..10000)|join('----------------------------------------') }}", reason: 'output' },
  { name: 'replace that multiplies', template: "{% set s = 'aaaaaaaaaa' %}{% for i in 1..9 %}{% set s = s ~ s %}{% endfor %}{{ s|replace({'a': 'bbbbbbbbbbbbbbbbbbbb'}) }}", reason: 'output' },
  { name: 'number_format with a huge separator', template: "{% set sep = '-' %}{% for i in 1..12 %}{% set sep = sep ~ sep %}{% endfor %}{{ 99999999999999999999|number_format(20, '.', sep) }}", reason: 'output' },
  // Under the loop and output budgets, about 1.5 s of work unbounded: the clock stops it.
  { name: '200 filters × 9,900 iterations', template: `{% for a in 1..99 %}{% for b in 1..100 %}{% set x = customer.fullName${'|title|lower'.repeat(100)}|length %}{% endfor %}{% endfor %}{{ x }}`, reason: 'timeout' },
  { name: 'loops nested 60 deep', template: `{% for a in 1..3 %}`.repeat(60) + '{% endfor %}'.repeat(60), reason: 'loop' },
];

test('S-QR-4: template bombs are stopped at their budget, each within about a second', async () => {
  for (const bomb of bombs) {
    assert.deepEqual(checkTemplate(bomb.template), { ok: true }, `${bomb.name} is valid Twig: it must be the render that stops it`);
    const { result, ms } = await timed(bomb.template, bomb.context);
    console.log(`${bomb.name}: ${result.ok ? 'RENDERED' : result.reason} in ${ms.toFixed(0)} ms${result.ok ? '' : ` — ${result.message}`}`);
    assert.equal(result.ok, false, `${bomb.name} rendered`);
    assert.equal(!result.ok && result.reason, bomb.reason, bomb.name);
    assert.ok(ms < 1_000, `${bomb.name} took ${ms.toFixed(0)} ms`);
  }
});

test('S-QR-4: a render that outlives its time budget stops at it; smaller budgets are the caller\'s to set', async () => {
  const slow = '{% for a in 1..100 %}{% for b in 1..100 %}{{ customer.fullName|upper|lower|title|capitalize|trim|length }}{% endfor %}{% endfor %}';
  const { result, ms } = await timed(slow, ivan, { timeoutMs: 20, maxLoopIterations: 1_000_000, maxOutputChars: 1_000_000 });
  console.log(`a 20 ms budget: ${result.ok ? 'RENDERED' : result.reason} in ${ms.toFixed(0)} ms`);
  assert.equal(!result.ok && result.reason, 'timeout');
  assert.ok(ms < 1_000);
  assert.equal(!(await renderTemplate('{{ customer.fullName }}', ivan, { maxOutputChars: 5 })).ok, true);
  const loops = await renderTemplate('{% for i in 1..5 %}{% endfor %}', ivan, { maxLoopIterations: 3 });
  assert.equal(!loops.ok && loops.reason, 'loop');
  assert.equal(TEMPLATE_LIMITS.timeoutMs, 200);
});

test('S-QR-4: while bombs run, 50 other renders complete and the event loop stays free', async () => {
  const stall = monitorEventLoopDelay({ resolution: 5 });
  stall.enable();
  const started = performance.now();
  const bombRuns = bombs.map((b) => timed(b.template, b.context));
  const normal = Array.from({ length: 50 }, (_, i) => timed(`Здравствуйте, {{ customer.firstName|default('клиент') }}! Ваш заказ {{ order.number }} (${i}).`));
  const [bombResults, normalResults] = await Promise.all([Promise.all(bombRuns), Promise.all(normal)]);
  stall.disable();
  const times = normalResults.map((r) => r.ms).sort((a, b) => a - b);
  console.log(`${normalResults.length} renders beside ${bombResults.length} bombs: ${times[0]!.toFixed(0)}–${times.at(-1)!.toFixed(0)} ms (median ${times[25]!.toFixed(0)}); bombs ${Math.min(...bombResults.map((r) => r.ms)).toFixed(0)}–${Math.max(...bombResults.map((r) => r.ms)).toFixed(0)} ms; all in ${(performance.now() - started).toFixed(0)} ms; event loop stalled at most ${(stall.max / 1e6).toFixed(1)} ms; workers ${JSON.stringify(templateWorkerStats())}`);
  normalResults.forEach((r, i) => assert.deepEqual(r.result, { ok: true, text: `Здравствуйте, Иван! Ваш заказ A-1001 (${i}).` }));
  for (const r of bombResults) assert.equal(r.result.ok, false);
  assert.ok(times.at(-1)! < 2_000, `the slowest render took ${times.at(-1)!.toFixed(0)} ms`);
  // A bomb run on the main thread would stall it for seconds; generous, so that only that fails it.
  assert.ok(stall.max / 1e6 < 1_000, `the event loop stalled ${(stall.max / 1e6).toFixed(0)} ms`);
});

test('S-QR-4: checkTemplate never hangs on hostile 2000-character input', () => {
  const pieces = ['{{', '}}', '{%', '%}', '{#', '#}', '(', ')', '[', ']', '{', '}', '"', "'", '#{', '|', '.', '..', '~', ' ', '\n', 'if', 'for', 'set', 'endif', 'endfor', 'in', 'customer', 'firstName', 'upper', 'default', ',', ':', '-', 'not', '??', '1', 'is', 'defined', '=', '\\', '{%-', '-%}', 'ы', '😀'];
  const soup = fc.array(fc.constantFrom(...pieces), { minLength: 50, maxLength: 1_500 }).map((a) => a.join('').slice(0, 2_000));
  const nested = fc.constantFrom('(', '[', '-', 'not ', '{a: ').chain((open) => fc.integer({ min: 100, max: 1_000 }).map((n) => `{{ ${open.repeat(n)}1 }}`.slice(0, 2_000)));
  let slowest = 0;
  fc.assert(
    fc.property(fc.oneof(soup, nested), (template) => {
      const started = performance.now();
      const checked = checkTemplate(template);
      slowest = Math.max(slowest, performance.now() - started);
      return checked.ok || (Number.isInteger(checked.line) && checked.line >= 1 && checked.message.length > 0);
    }),
    { numRuns: 600, seed: 20261205 },
  );
  console.log(`the slowest check of 600 hostile texts: ${slowest.toFixed(1)} ms`);
  assert.ok(slowest < 1_000);
});

// The pool's own backstops, with stand-in workers: a render stuck inside one step (no meter can
// interrupt it) and one that exhausts its heap.
const standIn = `
  const { parentPort } = require('node:worker_threads');
  parentPort.on('message', (m) => {
    if (m.text === 'hang') for (;;);
    if (m.text === 'oom') { const keep = []; for (;;) keep.push(new Array(1e5).fill(keep.length)); }
    parentPort.postMessage({ type: 'result', id: m.id, result: { ok: true, text: m.text } });
  });
  parentPort.postMessage({ type: 'ready' });
`;
const budget = { timeoutMs: 100, maxOutputChars: 10_000, maxLoopIterations: 10_000 };

test('S-QR-4: a worker stuck inside one step is terminated at its deadline and replaced; the other keeps serving', async () => {
  const pool = new RenderPool({ size: 2, spawn: () => new Worker(standIn, { eval: true }), killGraceMs: 50, maxQueueMs: 2_000, heapMb: 64 });
  try {
    const started = performance.now();
    const hang = pool.run('hang', {}, budget).then((r) => ({ r, ms: performance.now() - started }));
    const others = await Promise.all(Array.from({ length: 20 }, (_, i) => pool.run(`n${i}`, {}, budget)));
    assert.deepEqual(others.map((r) => r.ok && r.text), Array.from({ length: 20 }, (_, i) => `n${i}`));
    const { r, ms } = await hang;
    console.log(`a hung worker answered ${r.ok ? 'ok' : r.reason} after ${ms.toFixed(0)} ms`);
    assert.equal(!r.ok && r.reason, 'timeout');
    assert.ok(ms < 1_000);
    assert.deepEqual(await pool.run('after', {}, budget), { ok: true, text: 'after' });
    assert.equal(pool.stats().killed, 1);
    assert.equal(pool.stats().started, 3);
  } finally {
    await pool.close();
  }
});

test('S-QR-4: a real render worker terminated mid-render is replaced, and renders go on', async () => {
  // A negative grace kills the worker 50 ms into a render its own clock would allow 200 ms: the
  // deadline path, which no allowed template reaches otherwise, with the real engine behind it.
  const pool = new RenderPool({ size: 2, spawn: spawnRenderWorker, killGraceMs: -150, maxQueueMs: 5_000, heapMb: TEMPLATE_LIMITS.workerHeapMb });
  const slow = `{% for a in 1..99 %}{% for b in 1..100 %}{% set x = customer.fullName${'|title|lower'.repeat(100)}|length %}{% endfor %}{% endfor %}{{ x }}`;
  const context = { customer: { fullName: 'Петров Иван' } };
  const full = { timeoutMs: 200, maxOutputChars: 10_000, maxLoopIterations: 10_000 };
  // The others' deadline is far (5 s - 150 ms): on a loaded machine, or in the replacement worker's
  // first render, an ordinary render may take more than 50 ms, and only the slow one is to be killed.
  const roomy = { ...full, timeoutMs: 5_000 };
  try {
    assert.deepEqual(await pool.run('{{ customer.fullName }}', context, roomy), { ok: true, text: 'Петров Иван' });
    const [killed, ...others] = await Promise.all([pool.run(slow, context, full), ...Array.from({ length: 10 }, () => pool.run('{{ customer.fullName|upper }}', context, roomy))]);
    assert.equal(!killed!.ok && killed!.reason, 'timeout');
    for (const r of others) assert.deepEqual(r, { ok: true, text: 'ПЕТРОВ ИВАН' });
    assert.equal(pool.stats().killed, 1);
    assert.deepEqual(await pool.run('{{ customer.fullName|lower }}', context, roomy), { ok: true, text: 'петров иван' });
  } finally {
    await pool.close();
  }
});

test('S-QR-4: a worker out of memory fails only its own render (memory), and a pool whose workers cannot start says so instead of hanging', async () => {
  const pool = new RenderPool({ size: 1, spawn: () => new Worker(standIn, { eval: true, resourceLimits: { maxOldGenerationSizeMb: 16, maxYoungGenerationSizeMb: 4 } }), killGraceMs: 5_000, maxQueueMs: 10_000, heapMb: 16 });
  try {
    const r = await pool.run('oom', {}, { ...budget, timeoutMs: 5_000 });
    assert.equal(!r.ok && r.reason, 'memory');
    assert.deepEqual(await pool.run('after', {}, budget), { ok: true, text: 'after' });
  } finally {
    await pool.close();
  }
  const broken = new RenderPool({ size: 2, spawn: () => new Worker('throw new Error("no engine here")', { eval: true }), killGraceMs: 50, maxQueueMs: 2_000, heapMb: 64 });
  try {
    await assert.rejects(broken.run('x', {}, budget), /do not start: no engine here/);
  } finally {
    await broken.close();
  }
  const noThreads = new RenderPool({ size: 2, spawn: () => { throw new Error('no threads here'); }, killGraceMs: 50, maxQueueMs: 2_000, heapMb: 64 });
  await assert.rejects(noThreads.run('x', {}, budget), /do not start: no threads here/);
  await noThreads.close();
});
