/**
 * The README's protocol reference, generated from the code that holds each fact: the valibot
 * schemas (through @valibot/to-json-schema), the method and event registries with their docs and
 * declared error codes, the error and close code tables, the limits, and the server's defaults.
 * `npm run docs` writes it between `<!-- protocol-reference:begin -->` and `…:end -->`;
 * packages/protocol/test/readme.test.ts fails when the README differs from it.
 */
import * as v from 'valibot';
import { toJsonSchema, type ConversionConfig, type JsonSchema } from '@valibot/to-json-schema';
import * as protocol from '@chatdesk/protocol';
import {
  ClientFrame,
  closeCodes,
  commonErrors,
  errorCodes,
  events,
  frameErrors,
  frameNotes,
  limitNotes,
  limits,
  methods,
  ServerFrame,
  signalNotes,
  signals,
  type ErrorCode,
} from '@chatdesk/protocol';
import { ConfigSchema } from '../packages/server/src/config.js';
import { MAX_INBOX, MAX_INVALID_FRAMES } from '../packages/server/src/gateway/gateway.js';
import { MAX_REPLAY, MAX_RESUME_SCAN } from '../packages/server/src/services/sessions.js';
import { HEAD_INTERVAL_MS } from '../packages/server/src/gateway/gateway.js';
import { VisitorTokenBody } from '../packages/server/src/http/visitor.js';

type Node = JsonSchema & Record<string, unknown>;

const MAX_SAFE = Number.MAX_SAFE_INTEGER;

// ---- named types: every exported schema of the protocol but the frames ---------------------------

const isSchema = (x: unknown): x is v.GenericSchema =>
  typeof x === 'object' && x !== null && (x as { kind?: unknown }).kind === 'schema';

/** Exported schemas become named types; optional wrappers (PageSize) stay inline where used. */
const definitions: Record<string, v.GenericSchema> = Object.fromEntries(
  (Object.entries(protocol) as [string, unknown][])
    .filter((e): e is [string, v.GenericSchema] => isSchema(e[1]) && !e[0].endsWith('Frame') && e[1].type !== 'optional')
    .map(([name, x]): [string, v.GenericSchema] => [name === 'ErrorBodySchema' ? 'ErrorBody' : name, x])
    .sort(([a], [b]) => a.localeCompare(b)),
) as Record<string, v.GenericSchema>;

const nameOf = new Map(Object.entries(definitions).map(([name, schema]) => [schema as unknown, name]));

const config: ConversionConfig = {
  errorMode: 'ignore',
  definitions,
  // A named type with a sentence attached (`seq: doc(Seq, '…')`) is converted by to-json-schema
  // as an anonymous copy (it flattens the pipe): make such object members references again.
  overrideSchema: ({ valibotSchema, jsonSchema }) => {
    const entries = (valibotSchema as { type: string; entries?: Record<string, unknown> }).entries;
    if (valibotSchema.type !== 'object' || !entries) return undefined;
    const properties = { ...((jsonSchema as Node).properties as Record<string, Node>) };
    for (const [key, entry] of Object.entries(entries)) {
      const inner = (entry as { type: string; wrapped?: unknown }).type === 'optional' ? (entry as { wrapped: unknown }).wrapped : entry;
      const pipe = (inner as { pipe?: readonly unknown[] }).pipe;
      const name = pipe && nameOf.get(pipe[0]);
      if (!pipe || !name || !properties[key]) continue;
      const text = pipe.find((a): a is { type: 'description'; description: string } => (a as { type?: unknown }).type === 'description');
      properties[key] = { $ref: `#/$defs/${name}`, ...(text ? { description: text.description } : {}) } as Node;
    }
    return { ...jsonSchema, properties } as JsonSchema;
  },
  // `v.check` has no JSON Schema form: keep its message as a rule the reference shows.
  overrideAction: ({ valibotAction, jsonSchema }) => {
    if (valibotAction.type !== 'check' && valibotAction.type !== 'partial_check') return undefined;
    const checks = ((jsonSchema as Node)['x-checks'] as string[] | undefined) ?? [];
    return { ...jsonSchema, 'x-checks': [...checks, String((valibotAction as { message?: unknown }).message)] } as JsonSchema;
  },
};

/** A schema as JSON Schema; a named type asked for by itself is expanded, not referenced. */
function convert(schema: v.GenericSchema): Node {
  const out = toJsonSchema(schema, config) as Node;
  const ref = typeof out.$ref === 'string' ? out.$ref.replace('#/$defs/', '') : undefined;
  const defs = (out.$defs ?? {}) as Record<string, Node>;
  if (ref && defs[ref]) return defs[ref];
  return out;
}

// ---- JSON Schema → TypeScript-like text ------------------------------------------------------------

const literal = (x: unknown) => (typeof x === 'string' ? `'${x}'` : JSON.stringify(x));

const isNull = (n: Node) => n.type === 'null';

/** Constraints of a node, in words: lengths, ranges, patterns, checks, defaults. */
function rules(n: Node): string[] {
  const out: string[] = [];
  const member = Array.isArray(n.anyOf) ? (n.anyOf as Node[]).find((m) => !isNull(m)) : undefined;
  if (member && (n.anyOf as Node[]).length === 2) out.push(...rules(member));
  const range = (lo: unknown, hi: unknown, unit: string) => {
    const min = typeof lo === 'number' ? lo : undefined;
    const max = typeof hi === 'number' && hi !== MAX_SAFE ? hi : undefined;
    if (min !== undefined && max !== undefined) out.push(`${min}–${max}${unit}`);
    else if (max !== undefined) out.push(`≤ ${max}${unit}`);
    else if (min !== undefined && !(min === 0 && unit === '')) out.push(`≥ ${min}${unit}`);
  };
  if (n.type === 'string') range(n.minLength, n.maxLength, ' chars');
  if (n.type === 'integer' || n.type === 'number') range(n.minimum, n.maximum, '');
  if (n.type === 'array') range(n.minItems, n.maxItems, ' items');
  if (typeof n.pattern === 'string') out.push(`matches \`/${n.pattern}/\``);
  for (const c of (n['x-checks'] as string[] | undefined) ?? []) out.push(c);
  if (n.default !== undefined) out.push(`default ${JSON.stringify(n.default)}`);
  return out;
}

/** The sentence and rules of a field, for its `//` comment. */
function note(n: Node): string {
  const parts = rules(n);
  const text = typeof n.description === 'string' ? n.description : '';
  return [parts.join('; '), text].filter(Boolean).join('. ');
}

function typeText(n: Node, indent: string): string {
  if (typeof n.$ref === 'string') return n.$ref.replace('#/$defs/', '');
  if ('const' in n) return literal(n.const);
  if (Array.isArray(n.enum)) return (n.enum as unknown[]).map(literal).join(' | ');
  if (Array.isArray(n.anyOf)) return (n.anyOf as Node[]).map((m) => typeText(m, indent)).join(' | ');
  if (Array.isArray(n.oneOf)) return (n.oneOf as Node[]).map((m) => typeText(m, indent)).join(' | ');
  switch (n.type) {
    case 'object': {
      if (n.properties) return objectText(n, indent);
      const values = n.additionalProperties as Node | undefined;
      return values ? `{ [key: string]: ${typeText(values, indent)} }` : '{}';
    }
    case 'array': {
      if (Array.isArray(n.items)) return `[${(n.items as Node[]).map((m) => typeText(m, indent)).join(', ')}]`;
      const item = typeText((n.items ?? {}) as Node, indent);
      return item.includes(' | ') && !item.startsWith('{') ? `(${item})[]` : `${item}[]`;
    }
    case 'integer':
    case 'number':
    case 'string':
    case 'boolean':
    case 'null':
      return n.type;
    default:
      return 'unknown';
  }
}

/** `{ a: T; b?: U }` on one line when short and without notes, else one field a line. */
function objectText(n: Node, indent: string): string {
  const props = Object.entries((n.properties ?? {}) as Record<string, Node>);
  if (props.length === 0) return '{}';
  const required = new Set((n.required as string[] | undefined) ?? []);
  const key = (k: string) => `${k}${required.has(k) ? '' : '?'}`;
  const inner = `${indent}  `;
  const lines = props.map(([k, p]) => ({ head: `${key(k)}: ${typeText(p, inner)}`, note: note(p) }));
  const oneLine = `{ ${lines.map((l) => l.head).join('; ')} }`;
  if (lines.every((l) => !l.note && !l.head.includes('\n')) && oneLine.length + indent.length <= 96) return oneLine;
  const body = lines.map((l) => `${inner}${l.head}${l.note ? `  // ${l.note}` : ''}`);
  return `{\n${body.join('\n')}\n${indent}}`;
}

const code = (text: string) => `\`\`\`ts\n${text}\n\`\`\``;
const cell = (s: string) => s.replaceAll('|', '\\|').replaceAll('\n', ' ');

// ---- sections --------------------------------------------------------------------------------------

function connectionRules(): string {
  const d = <K extends keyof typeof ConfigSchema.entries>(k: K) => v.getDefault(ConfigSchema.entries[k]) as any;
  const rate = d('rateLimit');
  const retention = d('eventRetention');
  const kib = (b: number) => `${(b / 1024).toLocaleString('en')} KiB`;
  const mib = (b: number) => `${b / 1024 / 1024} MiB`;
  const s = (ms: number) => `${ms / 1000} s`;
  return [
    '### Connection rules',
    '',
    '- The `Origin` header must be in `ALLOWED_ORIGINS`; a missing or other Origin gets HTTP 403 at the upgrade (no socket). A browser cannot read that 403 (it sees a closed socket, as in an outage): `GET /api/origin-check` tells it whether its origin is on the list.',
    `- The first frame must be \`hello\` within ${s(limits.helloTimeoutMs)}, or the socket closes with 4008.`,
    `- Frames sent after \`hello\` before its \`welcome\` arrives wait and are handled after it, in order; more than ${MAX_INBOX} of them close the socket with 4029.`,
    `- A frame over ${kib(limits.maxFrameBytes)} closes the socket with 1009; a text frame that is not UTF-8 with 1007.`,
    `- Every frame is validated; one that is not a known frame gets \`error {code: INVALID_FRAME}\` (with its id, see [Call ids](#call-ids)); after ${MAX_INVALID_FRAMES} invalid frames the socket closes with 4000.`,
    `- Rate limit per socket: ${rate.perSecond} frames/s sustained, bursts of ${rate.burst} (\`--rate-limit\`); over it calls get \`RATE_LIMITED\` with \`details.retryAfterMs\` (when the next frame will be taken), and more than ${rate.closeAfterRejected} refused frames in one second close the socket with 4029.`,
    `- The server pings each socket every ${s(d('heartbeatMs'))} (\`--heartbeat-ms\`, told in \`welcome.heartbeatMs\`; the sockets in slices, one every 250 ms, so a ping may come at any moment of the interval) and drops a socket that did not answer its previous ping; clients may send \`ping\` and get \`pong\` (ChatClient does, to notice half-open connections).`,
    `- A socket whose unsent data passes ${mib(d('sendBufferCap'))} (\`--send-buffer-cap\`: it stopped reading) is closed with 4050 and cut 2 s later if it does not drain: the 4050 frame queues behind the unread data, so such a peer usually sees 1006 instead. Both mean: reconnect and resume.`,
    `- The event log keeps ${retention.maxAgeMs / 86_400_000} days and at most ${retention.maxRows.toLocaleString('en')} events; a resume from before that, from another epoch, more than ${MAX_RESUME_SCAN.toLocaleString('en')} events behind, or missing more than ${MAX_REPLAY.toLocaleString('en')} events *that this user may see* gets \`RESYNC_REQUIRED\` (see Resume below). Events of conversations the user does not see do not count.`,
    `- A session that heard nothing of the last events gets a \`head\` frame about every ${HEAD_INTERVAL_MS / 1000} s: a resume from its \`seq\` replays only what came after (ChatClient takes it as its resume point), so an idle client resumes after a restart instead of refetching.`,
  ].join('\n');
}

function conventions(): string {
  return [
    '### Conventions',
    '',
    '- Every frame is a JSON object with a `type` (`hello`, `call`, `ping` from the client; `welcome`, `result`, `error`, `event`, `signal`, `pong` from the server), one frame per WebSocket text message.',
    '- Shapes below are written as TypeScript: `a?: T` may be absent (never `null` unless the type says `| null`); `integer` is a JSON number without a fraction; a `// comment` gives the field\'s rules and meaning.',
    '- Timestamps (`Timestamp`: `createdAt`, `lastActivityAt`, `waitingSince`, `editedAt`, `updatedAt`, `at`…) are integer **milliseconds since the Unix epoch**, UTC.',
    '- String lengths count UTF-16 code units (JavaScript\'s `length`), except where a rule says code points or characters not counting whitespace; text must be well-formed Unicode (no lone surrogates).',
    '- Unknown object members are ignored in what the client sends; clients should ignore members they do not know in what the server sends.',
  ].join('\n');
}

function tokens(): string {
  const ttl = v.getDefault(ConfigSchema.entries.visitorTokenTtlSeconds) as number;
  const limit = v.getDefault(ConfigSchema.entries.visitorCreateLimit) as { perMinute: number; burst: number };
  return [
    '### Tokens',
    '',
    `- \`hello.token\` is at most ${limits.maxTokenChars} characters. A user token lives until its \`exp\`, which the CRM backend sets when it signs it (S-AUTH-4; keep it short, the page asks for a fresh one on every connect); an expired, forged or malformed token closes the socket with 4001.`,
    `- A visitor token comes from \`POST /api/visitor/token\` and lives ${ttl / 86_400} days; the widget keeps it and trades it for a fresh one (same customer) on every page load. The body:`,
    '',
    code(`type VisitorTokenRequest = ${typeText(convert(VisitorTokenBody), '')}\ntype VisitorTokenAnswer = { token: string; customerId: Id }`),
    '',
    `  Without a valid \`token\` it creates a new customer: at most ${limit.burst} at once and ${limit.perMinute} a minute per client address (\`--visitor-token-burst\`, \`--visitor-token-per-minute\`), past which it answers HTTP 429 with \`Retry-After\` (seconds) and \`{error: {code: 'RATE_LIMITED', message, details: {retryAfterMs}}}\`.`,
  ].join('\n');
}

function callIds(): string {
  return [
    '### Call ids',
    '',
    `A call's \`id\` is any JSON number, or a string of 1 to ${limits.maxCallIdChars} UTF-16 code units; its \`result\` or \`error\` carries it back. A number comes back as the server read it, an IEEE-754 double (\`1.5\`, \`-1\`, \`1e300\` are fine; \`9007199254740993\` comes back as \`9007199254740992\`), so use integers up to 2^53 − 1 to match exactly. A call whose id is refused — an empty string, or a string over ${limits.maxCallIdChars} code units — is not run: it gets \`INVALID_FRAME\` whose \`id\` echoes what could be read (a string cut to its first ${limits.maxCallIdChars} code units, never splitting a surrogate pair; the empty string as is). The same echo applies to any other frame that is a JSON object with an \`id\` member (an unknown \`type\`, a broken envelope, \`RATE_LIMITED\`). No \`id\` is echoed when it is absent, \`null\`, a boolean, an object, an array, or a number too large for a double.`,
  ].join('\n');
}

function frames(): string {
  const shapes = (list: readonly v.ObjectSchema<v.ObjectEntries, undefined>[]) =>
    list.map((f) => `type ${frameName(f)} = ${typeText(convert(f), '')}`).join('\n');
  const frameName = (f: v.ObjectSchema<v.ObjectEntries, undefined>) => {
    const type = (f.entries.type as unknown as { literal: string }).literal;
    return `${type[0]?.toUpperCase()}${type.slice(1)}Frame`;
  };
  const row = (dir: string) => (f: v.ObjectSchema<v.ObjectEntries, undefined>) => {
    const type = (f.entries.type as unknown as { literal: keyof typeof frameNotes }).literal;
    return `| ${dir} | \`${type}\` | ${cell(frameNotes[type])} |`;
  };
  return [
    '### Frames',
    '',
    '| | `type` | meaning |',
    '|---|---|---|',
    ...ClientFrame.options.map(row('→')),
    ...ServerFrame.options.map(row('←')),
    '',
    'Client to server:',
    '',
    code(shapes(ClientFrame.options)),
    '',
    'Server to client:',
    '',
    code(shapes(ServerFrame.options)),
  ].join('\n');
}

function types(): string {
  const scalars: string[] = [];
  const objects: string[] = [];
  for (const [name, schema] of Object.entries(definitions)) {
    const n = convert(schema);
    if (n.type === 'object' || Array.isArray(n.anyOf) && (n.anyOf as Node[]).some((m) => m.type === 'object' || m.$ref)) {
      objects.push(`#### \`${name}\`${n.description ? `\n\n${n.description}` : ''}\n\n${code(`type ${name} = ${typeText(n, '')}`)}`);
    } else {
      scalars.push(`| \`${name}\` | \`${cell(typeText(n, ''))}\` | ${cell([rules(n).join('; '), n.description as string | undefined].filter(Boolean).join('. '))} |`);
    }
  }
  return [
    '### Types',
    '',
    'Named types used by frames, methods and events (`packages/protocol/src`).',
    '',
    '| type | JSON | rules and meaning |',
    '|---|---|---|',
    ...scalars,
    '',
    ...objects.join('\n\n').split('\n'),
  ].join('\n');
}

function errorList(errors: Partial<Record<ErrorCode, string>>): string {
  return Object.entries(errors)
    .map(([codeName, when]) => `\`${codeName}\` ${when}`)
    .join('; ');
}

function methodSections(): string {
  const out = [
    '### Methods',
    '',
    `Besides the codes listed with each method, any call may be answered with: ${errorList(commonErrors)}. A call frame that never reaches its method gets ${errorList(frameErrors)}. The reliability suite (G7, G9) fails when a method answers a code it does not list.`,
  ];
  for (const [name, def] of Object.entries(methods)) {
    out.push(
      '',
      `#### \`${name}\``,
      '',
      def.doc,
      '',
      code(`params: ${typeText(convert(def.params), '')}\nresult: ${typeText(convert(def.result), '')}`),
      '',
      `Errors: ${Object.keys(def.errors).length ? errorList(def.errors) : 'only the common ones'}.`,
    );
  }
  return out.join('\n');
}

function eventTable(): string {
  return [
    '### Events',
    '',
    'Pushed as `event {seq, name, data}`; a client ignores names it does not know.',
    '',
    '| event | data | who receives it |',
    '|---|---|---|',
    ...Object.entries(events).map(([name, def]) => `| \`${name}\` | \`${cell(typeText(convert(def.data), '').replace(/\s*\n\s*/g, ' '))}\` | ${cell(def.doc)} |`),
    '',
    '### Signals',
    '',
    'Pushed as `signal {name, data}`: not logged, no seq, never replayed on resume.',
    '',
    '| signal | data | who receives it |',
    '|---|---|---|',
    ...Object.entries(signals).map(([name, schema]) => `| \`${name}\` | \`${cell(typeText(convert(schema), '').replace(/\s*\n\s*/g, ' '))}\` | ${cell(signalNotes[name as keyof typeof signalNotes])} |`),
  ].join('\n');
}

function codeTables(): string {
  const thrownBy = (c: string) =>
    Object.entries(methods)
      .filter(([, def]) => c in def.errors)
      .map(([name]) => name);
  return [
    '### Error codes',
    '',
    'An `error` frame carries `{code, message, details?}`; HTTP routes answer `{error: {code, message, details?}}` with the status below. Branch on `code` (the `message` is English, for logs).',
    '',
    '| code | HTTP status | meaning | declared by |',
    '|---|---|---|---|',
    ...Object.entries(errorCodes).map(([c, { status, message }]) => {
      const by = c in commonErrors ? 'every method' : c in frameErrors ? 'any call frame' : thrownBy(c).map((m) => `\`${m}\``).join(', ') || 'the connection (not a method)';
      return `| \`${c}\` | ${status} | ${cell(message)} | ${by} |`;
    }),
    '',
    '### Close codes',
    '',
    '| code | name | the client reconnects | reason sent |',
    '|---|---|---|---|',
    ...Object.entries(closeCodes)
      .sort(([, a], [, b]) => a.code - b.code)
      .map(([name, c]) => `| ${c.code} | \`${name}\` | ${c.reconnect ? 'yes, and resumes' : 'no: stop and show why'} | ${cell(c.reason)} |`),
  ].join('\n');
}

function limitTable(): string {
  return [
    '### Limits',
    '',
    'Shared by the server and the client (`limits` in `@chatdesk/protocol`), so a UI can show them before the server enforces them. Lengths of other strings are in the shapes above; the server\'s own limits are in the connection rules and the [flags](#1-run-the-server).',
    '',
    '| limit | value | meaning |',
    '|---|---|---|',
    ...Object.entries(limits).map(([k, value]) => `| \`${k}\` | ${value} | ${cell(limitNotes[k as keyof typeof limits])} |`),
  ].join('\n');
}

export function renderProtocolReference(): string {
  return [
    '<!-- Generated by `npm run docs` from packages/protocol (schemas, registries, codes, limits) and the server\'s defaults: edit those, not this text. -->',
    '',
    conventions(),
    '',
    connectionRules(),
    '',
    frames(),
    '',
    callIds(),
    '',
    tokens(),
    '',
    methodSections(),
    '',
    eventTable(),
    '',
    codeTables(),
    '',
    limitTable(),
    '',
    types(),
  ].join('\n');
}
