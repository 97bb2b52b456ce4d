import { monitorEventLoopDelay } from 'node:perf_hooks';
import {
  checkTemplate,
  renderTemplate,
  stopTemplateWorkers,
  TEMPLATE_LIMITS,
  templateWorkerStats,
  type RenderResult,
  type TemplateContext,
} from '../../packages/server/src/templates/index.js';
import { fmt } from '../lib/world.js';

/*
 * G13 (S-QR-4): quick-reply template bombs fail fast without slowing anyone else. It calls the
 * renderer itself (packages/server/src/templates) in this process, as `quickReplies.render` does,
 * so that this process's event loop is the one watched for stalls; the same bombs through a real
 * server and its sockets are in packages/server/test/quick-replies.test.ts.
 */

export interface G13Options {
  /** Times the whole list of bombs is thrown at once. */
  rounds: number;
  /** Ordinary renders started right behind each round's bombs. */
  others: number;
}

export const g13Full: G13Options = { rounds: 5, others: 200 };
export const g13Quick: G13Options = { rounds: 1, others: 50 };

/** A bomb must be answered within its time budget, the kill grace, and this slack (a busy machine). */
const BOMB_SLACK_MS = 700;
/** An ordinary render may wait behind every bomb of a round, never longer than this. */
export const G13_OTHERS_LIMIT_MS = 2_000;
/** The event loop must stay this free while bombs run (a bomb on the main thread stalls it for seconds). */
export const G13_STALL_LIMIT_MS = 250;

const context: TemplateContext = {
  customer: { firstName: 'Иван', lastName: 'Петров', patronymic: 'Сергеевич', fullName: 'Петров Иван Сергеевич', email: 'ivan@example.ru', phone: '+7 916 123-45-67' },
  manager: { name: 'Анна Смирнова', firstName: 'Анна' },
  conversation: { id: 1, channel: 'web' },
  order: { number: 'A-1001', status: 'Новый', total: 1500, currency: 'RUB', toPay: 1500 },
};
const longName: TemplateContext = { ...context, customer: { ...context.customer, firstName: 'Иван'.repeat(250) } };

/** Valid Twig every one, so the render (not the check) must stop it. */
const bombs: Array<{ name: string; template: string; context?: TemplateContext }> = [
  { name: 'range 1..1e8', template: '{% for i in 1..100000000 %}x{% endfor %}' },
  { name: 'endless range', template: '{% for i in 0..(1/0) %}x{% endfor %}' },
  { name: 'nested loops over the context', template: `${'{% for v in customer %}'.repeat(6)}{{ v|first }}${'{% endfor %}'.repeat(6)}` },
  { name: 'nested loops 1000×1000', template: '{% for a in 1..1000 %}{% for b in 1..1000 %}{{ a }}{% endfor %}{% endfor %}' },
  { name: 'loops nested 60 deep', template: `${'{% for a in 1..3 %}'.repeat(60)}${'{% endfor %}'.repeat(60)}` },
  { name: 'string doubled 20×', template: "{% set s = 'xxxxxxxxxx' %}{% for i in 1..20 %}{% set s = s ~ s %}{% endfor %}{{ s }}" },
  { name: 'string doubled 30×, unprinted', template: "{% set s = 'xxxxxxxxxx' %}{% for i in 1..30 %}{% set s = s ~ s %}{% endfor %}" },
  { name: 'long concatenation of a long name', template: `{{ ${Array(95).fill('customer.firstName').join(' ~ ')} }}`, context: longName },
  { name: 'many prints', template: '{% for i in 1..10000 %}{{ customer.fullName }}{% endfor %}' },
  { name: 'join with a long glue', template: "{{ (1..10000)|join('----------------------------------------') }}" },
  { name: 'replace that multiplies', template: "{% set s = 'aaaaaaaaaa' %}{% for i in 1..9 %}{% set s = s ~ s %}{% endfor %}{{ s|replace({'a': 'bbbbbbbbbbbbbbbbbbbb'}) }}" },
  { name: 'number_format with a huge separator', template: "{% set p = '-' %}{% for i in 1..12 %}{% set p = p ~ p %}{% endfor %}{{ 99999999999999999999|number_format(20, '.', p) }}" },
  // Under the loop and output budgets, about 1.5 s of work (unbounded, on the machine this was written on): the clock stops it.
  { name: '200 filters × 9,900 iterations', template: `{% for a in 1..99 %}{% for b in 1..100 %}{% set x = customer.fullName${'|title|lower'.repeat(100)}|length %}{% endfor %}{% endfor %}{{ x }}` },
];

/** Refused when a reply is saved: recursion, loading other templates, the engine's internals, code. */
const refusedAtCheck = [
  '{% macro m() %}{{ _self.m() }}{% endmacro %}{{ _self.m() }}',
  "{% include 'x' %}",
  "{% extends 'x' %}",
  "{{ template_from_string('{{ 1 }}') }}",
  '{{ range(1, 100000000)|length }}',
  '{{ _context }}{{ _self }}',
  '{{ customer.constructor.constructor("return process")() }}',
  "{{ customer.firstName matches '/(a+)+$/' }}",
];

const ordinary = (i: number) => `Здравствуйте, {{ customer.firstName|default('клиент') }}! Заказ {{ order.number }} (${i}).`;
const ordinaryText = (i: number) => `Здравствуйте, Иван! Заказ A-1001 (${i}).`;

async function timed(template: string, ctx: TemplateContext): Promise<{ result: RenderResult; ms: number }> {
  const started = performance.now();
  const result = await renderTemplate(template, ctx);
  return { result, ms: performance.now() - started };
}

const span = (ms: number[]) => (ms.length ? `${Math.min(...ms).toFixed(0)}–${Math.max(...ms).toFixed(0)} ms` : 'none');

/** G13: every bomb stops at a budget within its time limit; other renders and the event loop go on meanwhile. */
export async function g13TemplateBombs(opts: G13Options) {
  const bombLimitMs = TEMPLATE_LIMITS.timeoutMs + TEMPLATE_LIMITS.killGraceMs + BOMB_SLACK_MS;
  const notStopped = new Set<string>();
  const late = new Set<string>();
  const reasons: Record<string, number> = {};
  const bombMs: number[] = [];
  const othersMs: number[] = [];
  let othersFailed = 0;
  let stallMaxMs = 0;
  try {
    // Workers start on the first render: not part of any figure.
    await renderTemplate('{{ 1 }}', context);
    const alone = await Promise.all(Array.from({ length: opts.others }, (_, i) => timed(ordinary(i), context)));
    const aloneMs = alone.map((r) => r.ms);
    const notRefused = refusedAtCheck.filter((t) => checkTemplate(t).ok);
    const invalidBombs = bombs.filter((b) => !checkTemplate(b.template).ok).map((b) => b.name);

    for (let round = 0; round < opts.rounds; round++) {
      const stall = monitorEventLoopDelay({ resolution: 5 });
      stall.enable();
      const thrown = bombs.map((b) => timed(b.template, b.context ?? context).then((r) => ({ ...r, name: b.name })));
      const others = Array.from({ length: opts.others }, (_, i) => timed(ordinary(i), context).then((r) => ({ ...r, i })));
      const [bombResults, otherResults] = await Promise.all([Promise.all(thrown), Promise.all(others)]);
      stall.disable();
      stallMaxMs = Math.max(stallMaxMs, stall.max / 1e6);
      for (const { name, result, ms } of bombResults) {
        bombMs.push(ms);
        if (result.ok || result.reason === 'syntax' || result.reason === 'sandbox') notStopped.add(`${name} (${result.ok ? 'rendered' : result.reason})`);
        else reasons[result.reason] = (reasons[result.reason] ?? 0) + 1;
        if (ms > bombLimitMs) late.add(`${name} (${ms.toFixed(0)} ms)`);
      }
      for (const { result, ms, i } of otherResults) {
        othersMs.push(ms);
        if (!result.ok || result.text !== ordinaryText(i)) othersFailed++;
      }
    }
    const workers = templateWorkerStats();
    const othersMaxMs = Math.max(...othersMs);
    const stopped = Object.entries(reasons).map(([reason, n]) => `${reason} ${n}`).join(', ');
    return {
      notStopped: [...notStopped],
      late: [...late],
      invalidBombs,
      notRefused,
      othersFailed,
      othersMaxMs,
      othersLimitMs: G13_OTHERS_LIMIT_MS,
      stallMaxMs,
      stallLimitMs: G13_STALL_LIMIT_MS,
      bombLimitMs,
      line:
        `G13 template bombs (S-QR-4; the renderer as quickReplies.render calls it): ` +
        `${bombs.length} bombs × ${opts.rounds} round(s) thrown at once: ${bombs.length * opts.rounds - notStopped.size} stopped by a budget (${stopped}) in ${span(bombMs)} (limit ${fmt(bombLimitMs)} ms), ${notStopped.size} not; ` +
        `${fmt(othersMs.length)} other renders beside them ${span(othersMs)} (${fmt(opts.others)} alone: ${span(aloneMs)}; limit ${fmt(G13_OTHERS_LIMIT_MS)} ms), ${othersFailed} wrong; ` +
        `event loop stalled at most ${stallMaxMs.toFixed(1)} ms (limit ${G13_STALL_LIMIT_MS} ms); ` +
        `${refusedAtCheck.length - notRefused.length} of ${refusedAtCheck.length} recursion/include/internals probes refused at check; ` +
        `workers started ${workers.started}, killed at the deadline ${workers.killed}, out of memory ${workers.outOfMemory}`,
    };
  } finally {
    await stopTemplateWorkers();
  }
}
