// The round robin of periodic writes (gateway/slot-ring.ts): a turn visits its own sessions only.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SlotRing } from '../src/gateway/slot-ring.js';

test('slot ring: each item is in the turn of its slot modulo the turns, once, and leaves it when deleted', () => {
  const ring = new SlotRing<{ slot: number }>(4);
  const items = Array.from({ length: 10 }, (_, slot) => ({ slot }));
  for (const item of items) ring.add(item);
  for (let turn = 0; turn < 4; turn++) {
    assert.deepEqual([...ring.at(turn)].map((i) => i.slot), items.filter((i) => i.slot % 4 === turn).map((i) => i.slot));
  }
  const seen = [0, 1, 2, 3].flatMap((turn) => [...ring.at(turn)]);
  assert.equal(seen.length, items.length, 'every item in exactly one turn');
  ring.delete(items[5]!);
  assert.deepEqual([...ring.at(1)].map((i) => i.slot), [1, 9]);
});
