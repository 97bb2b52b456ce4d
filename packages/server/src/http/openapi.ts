/**
 * The OpenAPI 3.1 document of the HTTP integration API, generated from the same valibot schemas
 * that validate its requests, so the document cannot drift from what the server accepts.
 */
import type * as v from 'valibot';
import { toJsonSchema, type ConversionConfig, type JsonSchema } from '@valibot/to-json-schema';
import { errorCodes, type ErrorCode } from '@chatdesk/protocol';

export interface ApiRoute {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Fastify style: /api/v1/channels/:channelId/messages/:messageId */
  path: string;
  /** Stable operationId, e.g. 'registerChannel'. */
  operationId: string;
  summary: string;
  description?: string;
  /** 'module': Authorization: Bearer <module token>; 'none': public. */
  auth: 'module' | 'none';
  /** Signed the Standard Webhooks way (webhook-id, webhook-timestamp, webhook-signature headers) with the module's webhook secret. */
  signed?: boolean;
  params?: v.ObjectSchema<any, any>; // path parameters (strings in the URL; the schema may transform)
  query?: v.ObjectSchema<any, any>;
  body?: v.GenericSchema;
  /** A `multipart/form-data` body of one file part instead of JSON: what the part must hold. */
  upload?: string;
  response: { status: number; description: string; schema?: v.GenericSchema };
  /** The error codes this route can answer, each with when; the HTTP status comes from errorCodes[code].status in @chatdesk/protocol. */
  errors: Partial<Record<ErrorCode, string>>;
}

type Json = Record<string, unknown>;

const PARAM = /:([A-Za-z0-9_]+)/g;
const OPTIONAL = new Set(['optional', 'exact_optional', 'nullish', 'undefinedable']);

/** What standard-webhooks.ts checks, in the words a module's developer needs. */
const WEBHOOK_HEADERS = [
  ['webhook-id', 'The id of this message; a resent message keeps its id.'],
  ['webhook-timestamp', 'Unix seconds when the message was signed; one too far from the server\'s clock is refused.'],
  ['webhook-signature', '`v1,<base64>`: HMAC-SHA256 of `{webhook-id}.{webhook-timestamp}.{raw body}` keyed with the module\'s webhook secret; several space-separated entries may be sent (while rotating the secret).'],
] as const;

export function openApiDocument(routes: readonly ApiRoute[], info: { title: string; version: string; description?: string }): Record<string, unknown> {
  const seen = new Set<string>();
  for (const r of routes) {
    for (const key of [r.operationId, `${r.method} ${r.path}`]) {
      if (seen.has(key)) throw new Error(`openApiDocument: ${key} is declared twice`);
      seen.add(key);
    }
  }
  const defs: Record<string, Json> = {};
  const paths: Record<string, Json> = {};
  const tags: string[] = [];
  for (const route of routes) {
    const tag = route.path.replace(/^\/api\/v\d+/, '').split('/').find(Boolean) ?? 'default';
    if (!tags.includes(tag)) tags.push(tag);
    const parameters = parametersOf(route, defs);
    const op = route.operationId;
    const operation: Json = {
      tags: [tag],
      summary: route.summary,
      description: route.description ?? route.summary,
      operationId: op,
      ...(route.auth === 'module' ? { security: [{ moduleToken: [] }] } : {}),
      ...(parameters.length ? { parameters } : {}),
      ...(route.body ? { requestBody: { required: !OPTIONAL.has(route.body.type), content: json(convert(route.body, 'input', `${op}.body`, defs)) } } : {}),
      ...(route.upload ? { requestBody: { required: true, content: multipart(route.upload) } } : {}),
      responses: responsesOf(route, defs),
    };
    (paths[route.path.replace(PARAM, '{$1}')] ??= {})[route.method.toLowerCase()] = operation;
  }
  return {
    openapi: '3.1.0',
    info: { title: info.title, version: info.version, ...(info.description ? { description: info.description } : {}) },
    tags: tags.map((name) => ({ name })),
    paths,
    components: {
      schemas: { Error: errorSchema(), ...defs },
      securitySchemes: {
        moduleToken: { type: 'http', scheme: 'bearer', description: 'The integration module\'s token: `Authorization: Bearer <token>`.' },
      },
    },
  };
}

/** Path parameters in the order of the path, then the query's, then the signature headers. */
function parametersOf(route: ApiRoute, defs: Record<string, Json>): Json[] {
  const names = [...route.path.matchAll(PARAM)].map((m) => m[1]!);
  const path = route.params ? convert(route.params, 'input', `${route.operationId}.params`, defs) : {};
  const pathProps = (path.properties ?? {}) as Record<string, Json>;
  for (const key of Object.keys(pathProps)) {
    if (!names.includes(key)) throw new Error(`openApiDocument: ${route.operationId} has params.${key}, which ${route.path} lacks`);
  }
  // A path parameter is always required in OpenAPI; one without a schema is still a string.
  const out = names.map((name) => parameter(name, 'path', true, pathProps[name] ?? { type: 'string' }));
  if (route.query) {
    const query = convert(route.query, 'input', `${route.operationId}.query`, defs);
    const required = (query.required ?? []) as string[];
    for (const [name, schema] of Object.entries((query.properties ?? {}) as Record<string, Json>)) {
      out.push(parameter(name, 'query', required.includes(name), schema));
    }
  }
  if (route.signed) for (const [name, description] of WEBHOOK_HEADERS) out.push({ name, in: 'header', required: true, description, schema: { type: 'string' } });
  return out;
}

/** The description moves up to the parameter, where viewers show it. */
function parameter(name: string, where: 'path' | 'query', required: boolean, { description, ...schema }: Json): Json {
  return { name, in: where, required, ...(description !== undefined ? { description } : {}), schema };
}

/** The success answer, then one answer per HTTP status of the listed codes (in the table's order). */
function responsesOf(route: ApiRoute, defs: Record<string, Json>): Json {
  const { status, description, schema } = route.response;
  const out: Json = { [status]: { description, ...(schema ? { content: json(convert(schema, 'output', `${route.operationId}.response`, defs)) } : {}) } };
  const byStatus = new Map<number, ErrorCode[]>();
  for (const code of Object.keys(errorCodes) as ErrorCode[]) {
    if (route.errors[code] === undefined) continue;
    const s = errorCodes[code].status;
    if (s === status) throw new Error(`openApiDocument: ${route.operationId} answers ${code} with its success status ${s}`);
    byStatus.set(s, [...(byStatus.get(s) ?? []), code]);
  }
  for (const [s, codes] of [...byStatus].sort(([a], [b]) => a - b)) {
    out[s] = {
      description: codes.map((code) => `- \`${code}\`: ${route.errors[code]}`).join('\n'),
      // The shared body, narrowed to the codes this status carries.
      content: json({ allOf: [{ $ref: '#/components/schemas/Error' }, { properties: { error: { properties: { code: { enum: codes } } } } }] }),
    };
  }
  return out;
}

const json = (schema: Json) => ({ 'application/json': { schema } });
const multipart = (description: string) => ({
  'multipart/form-data': { schema: { type: 'object', properties: { file: { type: 'string', format: 'binary', description } }, required: ['file'] } },
});

/** The body of every error answer (http/errors.ts). */
function errorSchema(): Json {
  return {
    type: 'object',
    properties: {
      error: {
        type: 'object',
        properties: {
          code: { type: 'string', enum: Object.keys(errorCodes) },
          message: { type: 'string' },
          details: { type: 'object' },
        },
        required: ['code', 'message'],
      },
    },
    required: ['error'],
  };
}

/**
 * A schema in JSON Schema 2020-12, OpenAPI 3.1's dialect: what a request may send ('input', before
 * any transform) or what a response holds ('output'). Its `$defs` (only lazy schemas make them) go
 * to components.schemas, named under `scope` so the converter's numbered ids cannot collide.
 */
function convert(schema: v.GenericSchema, typeMode: 'input' | 'output', scope: string, defs: Record<string, Json>): Json {
  const config: ConversionConfig = {
    target: 'draft-2020-12',
    typeMode,
    // Transforms and checks have no JSON Schema form: document what can be said.
    errorMode: 'ignore',
    // Not the converter's global definitions, which other code may have filled.
    definitions: {},
    overrideRef: ({ referenceId }) => `#/components/schemas/${scope}.${referenceId}`,
    overrideSchema: ({ valibotSchema, jsonSchema }) => {
      const entries = (valibotSchema as { entries?: Record<string, unknown> }).entries;
      const properties = (jsonSchema as Json).properties as Record<string, Json> | undefined;
      if (!entries || !properties) return undefined;
      const described = Object.entries(properties).map(([key, p]) => [key, entries[key] ? withDescription(p, entries[key]) : p]);
      return { ...jsonSchema, properties: Object.fromEntries(described) } as JsonSchema;
    },
  };
  const { $schema: _, $defs, ...out } = toJsonSchema(schema, config) as Json;
  for (const [id, def] of Object.entries(($defs ?? {}) as Record<string, Json>)) defs[`${scope}.${id}`] = def;
  return withDescription(out, schema);
}

/**
 * typeMode 'input' stops a pipe at its first transform, and `doc()` appends its description after
 * it: `doc(v.pipe(v.string(), v.transform(Number)), '…')` would lose its sentence. Put it back.
 */
function withDescription(json: Json, schema: unknown): Json {
  if (json.description !== undefined) return json;
  const text = descriptionOf(schema);
  return text === undefined ? json : { ...json, description: text };
}

type Piped = { kind?: string; type?: string; description?: unknown; metadata?: { description?: unknown }; pipe?: readonly Piped[]; wrapped?: unknown };

/** The last description in a schema's pipe, nested pipes and optional wrappers included. */
function descriptionOf(schema: unknown): string | undefined {
  const s = schema as Piped;
  for (const item of [...(s.pipe ?? [])].reverse()) {
    if (item.type === 'description' && typeof item.description === 'string') return item.description;
    if (item.type === 'metadata' && typeof item.metadata?.description === 'string') return item.metadata.description;
    if (item.kind === 'schema' && item !== s) {
      const inner = descriptionOf(item);
      if (inner !== undefined) return inner;
    }
  }
  return s.wrapped ? descriptionOf(s.wrapped) : undefined;
}
