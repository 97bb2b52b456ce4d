import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as v from 'valibot';
// Not a dependency of ours: fastify's validator, used here only to check the schemas work.
import Ajv2020 from 'ajv/dist/2020.js';
import { doc } from '@chatdesk/protocol';
import { openApiDocument, type ApiRoute } from '../src/http/openapi.js';

type Json = Record<string, any>;

const ChannelId = doc(v.pipe(v.string(), v.regex(/^\d+$/), v.transform(Number)), 'Our id of the channel.');

interface Tree {
  name: string;
  children: Tree[];
}
const Tree: v.GenericSchema<Tree> = v.object({ name: v.string(), children: v.array(v.lazy(() => Tree)) });

const routes: ApiRoute[] = [
  {
    method: 'PUT',
    path: '/api/v1/channels/:channelId',
    operationId: 'registerChannel',
    summary: 'Register a channel',
    auth: 'module',
    params: v.object({ channelId: ChannelId }),
    body: v.object({
      name: doc(v.pipe(v.string(), v.minLength(1)), 'What managers see.'),
      note: v.optional(v.string()),
    }),
    response: { status: 200, description: 'The channel.', schema: v.object({ id: v.number(), name: v.string() }) },
    errors: {
      UNAUTHENTICATED: 'the token is not a module token',
      INVALID_PARAMS: 'the body does not match the schema',
      INVALID_FRAME: 'the body is not JSON',
      CONFLICT: 'the channel has another kind',
    },
  },
  {
    method: 'PATCH',
    path: '/api/v1/channels/:channelId/messages/:messageId',
    operationId: 'editMessage',
    summary: 'Edit a message',
    description: 'The customer edited a message in the messenger.',
    auth: 'module',
    signed: true,
    params: v.object({ channelId: ChannelId, messageId: v.string() }),
    body: v.optional(v.object({ text: v.string() })),
    response: { status: 204, description: 'Edited.' },
    errors: { NOT_FOUND: 'no such message', UNAUTHENTICATED: 'the signature does not match' },
  },
  {
    method: 'GET',
    path: '/api/v1/trees/:channelId',
    operationId: 'getTree',
    summary: 'A public tree',
    auth: 'none',
    params: v.object({ channelId: ChannelId }),
    query: v.object({ depth: v.optional(v.pipe(v.string(), v.transform(Number))), root: v.string() }),
    response: { status: 200, description: 'The tree.', schema: Tree },
    errors: {},
  },
];

const info = { title: 'Integration API', version: '1.0.0' };
const document = openApiDocument(routes, info) as Json;
const op = (path: string, method: string): Json => document.paths[path][method];
const param = (o: Json, name: string): Json => o.parameters.find((p: Json) => p.name === name);

test('declares OpenAPI 3.1.0 with the info given', () => {
  assert.equal(document.openapi, '3.1.0');
  assert.deepEqual(document.info, info);
});

test('turns Fastify :params into {params} and tags by the segment after /api/v1', () => {
  assert.deepEqual(Object.keys(document.paths), ['/api/v1/channels/{channelId}', '/api/v1/channels/{channelId}/messages/{messageId}', '/api/v1/trees/{channelId}']);
  const edit = op('/api/v1/channels/{channelId}/messages/{messageId}', 'patch');
  assert.equal(edit.operationId, 'editMessage');
  assert.equal(edit.summary, 'Edit a message');
  assert.equal(edit.description, 'The customer edited a message in the messenger.');
  assert.deepEqual(edit.tags, ['channels']);
  assert.deepEqual(document.tags, [{ name: 'channels' }, { name: 'trees' }]);
});

test('path parameters are required strings with the doc() sentence, even through a transform', () => {
  const channelId = param(op('/api/v1/channels/{channelId}', 'put'), 'channelId');
  assert.deepEqual(channelId, { name: 'channelId', in: 'path', required: true, description: 'Our id of the channel.', schema: { type: 'string', pattern: '^\\d+$' } });
  const messageId = param(op('/api/v1/channels/{channelId}/messages/{messageId}', 'patch'), 'messageId');
  assert.deepEqual(messageId, { name: 'messageId', in: 'path', required: true, schema: { type: 'string' } });
});

test('query parameters are required as the schema says', () => {
  const tree = op('/api/v1/trees/{channelId}', 'get');
  assert.deepEqual(param(tree, 'depth'), { name: 'depth', in: 'query', required: false, schema: { type: 'string' } });
  assert.deepEqual(param(tree, 'root'), { name: 'root', in: 'query', required: true, schema: { type: 'string' } });
});

test('the request body lists its properties, requires the non-optional ones, and is optional when its schema is', () => {
  const body = op('/api/v1/channels/{channelId}', 'put').requestBody;
  assert.equal(body.required, true);
  const schema = body.content['application/json'].schema;
  assert.deepEqual(schema.properties, { name: { type: 'string', minLength: 1, description: 'What managers see.' }, note: { type: 'string' } });
  assert.deepEqual(schema.required, ['name']);
  assert.equal(op('/api/v1/channels/{channelId}/messages/{messageId}', 'patch').requestBody.required, false);
  assert.equal(op('/api/v1/trees/{channelId}', 'get').requestBody, undefined);
});

test('error answers are grouped by HTTP status, each with the enum of its codes and their "when"', () => {
  const responses = op('/api/v1/channels/{channelId}', 'put').responses;
  assert.deepEqual(Object.keys(responses), ['200', '400', '401', '409']);
  const codesAt = (status: string) => responses[status].content['application/json'].schema.allOf[1].properties.error.properties.code.enum;
  assert.deepEqual(codesAt('400'), ['INVALID_FRAME', 'INVALID_PARAMS']);
  assert.deepEqual(codesAt('401'), ['UNAUTHENTICATED']);
  assert.deepEqual(codesAt('409'), ['CONFLICT']);
  assert.equal(responses['400'].description, '- `INVALID_FRAME`: the body is not JSON\n- `INVALID_PARAMS`: the body does not match the schema');
  assert.deepEqual(responses['400'].content['application/json'].schema.allOf[0], { $ref: '#/components/schemas/Error' });
  assert.deepEqual(Object.keys(op('/api/v1/channels/{channelId}/messages/{messageId}', 'patch').responses), ['204', '401', '404']);
  assert.equal(op('/api/v1/channels/{channelId}/messages/{messageId}', 'patch').responses['204'].content, undefined);
  assert.deepEqual(Object.keys(op('/api/v1/trees/{channelId}', 'get').responses), ['200']);
});

test('an error answer validates against its status schema only with a code of that status', () => {
  const ajv = new Ajv2020({ strict: false });
  ajv.addSchema(document, 'openapi.json');
  const validate = ajv.getSchema('openapi.json#/paths/~1api~1v1~1channels~1{channelId}/put/responses/409/content/application~1json/schema')!;
  assert.equal(validate({ error: { code: 'CONFLICT', message: 'Another kind.', details: { kind: 'vk' } } }), true);
  assert.equal(validate({ error: { code: 'NOT_FOUND', message: 'Not found.' } }), false);
  assert.equal(validate({ error: { code: 'CONFLICT' } }), false);
});

test('only module routes carry the moduleToken bearer security', () => {
  assert.deepEqual(document.components.securitySchemes.moduleToken.type, 'http');
  assert.deepEqual(document.components.securitySchemes.moduleToken.scheme, 'bearer');
  assert.deepEqual(op('/api/v1/channels/{channelId}', 'put').security, [{ moduleToken: [] }]);
  assert.deepEqual(op('/api/v1/channels/{channelId}/messages/{messageId}', 'patch').security, [{ moduleToken: [] }]);
  assert.equal(op('/api/v1/trees/{channelId}', 'get').security, undefined);
  assert.equal(document.security, undefined);
});

test('signed routes require the three Standard Webhooks headers, others have none', () => {
  const headers = (o: Json) => o.parameters.filter((p: Json) => p.in === 'header');
  const signed = headers(op('/api/v1/channels/{channelId}/messages/{messageId}', 'patch'));
  assert.deepEqual(signed.map((p: Json) => [p.name, p.required, p.schema.type]), [
    ['webhook-id', true, 'string'],
    ['webhook-timestamp', true, 'string'],
    ['webhook-signature', true, 'string'],
  ]);
  assert.deepEqual(headers(op('/api/v1/channels/{channelId}', 'put')), []);
});

test('the same routes give byte-identical JSON', () => {
  assert.equal(JSON.stringify(openApiDocument(routes, info)), JSON.stringify(openApiDocument(routes, info)));
});

test('every $ref resolves inside the document, lazy schemas included', () => {
  const refs: string[] = [];
  (function walk(node: unknown): void {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      for (const [key, value] of Object.entries(node)) key === '$ref' ? refs.push(value as string) : walk(value);
    }
  })(document);
  assert.ok(refs.includes('#/components/schemas/getTree.response.0'));
  for (const ref of refs) {
    assert.match(ref, /^#\//);
    const target = ref
      .slice(2)
      .split('/')
      .map((s) => s.replaceAll('~1', '/').replaceAll('~0', '~'))
      .reduce<any>((node, key) => node?.[key], document);
    assert.ok(target && typeof target === 'object', `${ref} does not resolve`);
  }
  // And the hoisted recursive schema works as one.
  const ajv = new Ajv2020({ strict: false });
  ajv.addSchema(document, 'openapi.json');
  const validate = ajv.getSchema('openapi.json#/paths/~1api~1v1~1trees~1{channelId}/get/responses/200/content/application~1json/schema')!;
  assert.equal(validate({ name: 'a', children: [{ name: 'b', children: [] }] }), true);
  assert.equal(validate({ name: 'a', children: [{ name: 'b' }] }), false);
});

test('refuses a route table with a repeated operationId or a param the path lacks', () => {
  assert.throws(() => openApiDocument([routes[0]!, { ...routes[2]!, operationId: 'registerChannel' }], info), /registerChannel is declared twice/);
  assert.throws(() => openApiDocument([{ ...routes[0]!, path: '/api/v1/channels' }], info), /params\.channelId/);
});
