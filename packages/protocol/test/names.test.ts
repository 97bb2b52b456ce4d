import { test } from 'node:test';
import assert from 'node:assert/strict';
import { events } from '../src/index.js';
import { eventNames, isKnownEventName } from '../src/runtime.js';

test('the plain event-name list equals the events registry', () => {
  assert.deepEqual([...eventNames].sort(), Object.keys(events).sort());
  assert.equal(isKnownEventName('message.created'), true);
  assert.equal(isKnownEventName('__proto__'), false);
});
