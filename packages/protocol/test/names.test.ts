import { test } from 'node:test';
import assert from 'node:assert/strict';
import { events, signals } from '../src/index.js';
import { eventNames, isKnownEventName, isKnownSignalName, signalNames } from '../src/runtime.js';

test('the plain event-name list equals the events registry', () => {
  assert.deepEqual([...eventNames].sort(), Object.keys(events).sort());
  assert.equal(isKnownEventName('message.created'), true);
  assert.equal(isKnownEventName('__proto__'), false);
});

test('the plain signal-name list equals the signals registry', () => {
  assert.deepEqual([...signalNames].sort(), Object.keys(signals).sort());
  assert.equal(isKnownSignalName('typing'), true);
  assert.equal(isKnownSignalName('constructor'), false);
});
