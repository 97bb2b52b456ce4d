// The quick reliability run on three nodes sharing one PostgreSQL database, part of `npm test`
// (in its PostgreSQL stage): the guarantees that concern several nodes, with small numbers. The
// full run is `npm run soak -- --cluster`.
import { after, test } from 'node:test';
import { ProbeClient } from './lib/probe-client.js';
import { killLeftovers } from './lib/server-process.js';
import assert from 'node:assert/strict';
import { checks } from './checks.js';
import { g1ClusterQuick, g1Resume } from './guarantees/g1-resume.js';
import { g2ClusterQuick, g2ExactlyOnce } from './guarantees/g2-exactly-once.js';
import { g3ClusterQuick, g3Order } from './guarantees/g3-order.js';
import { g4AckStored, g4ClusterQuick } from './guarantees/g4-ack-stored.js';
import { g12DatabaseRestart, g12Quick } from './guarantees/g12-database-restart.js';

const held = (name: keyof typeof checks, result: { line: string }) => {
  console.log(`# ${result.line}`);
  assert.deepEqual(checks[name](result as never), [], result.line);
};

// A guarantee cut short by its timeout leaves its probes and servers running: end them, so the
// file ends (its failure already named) instead of holding the run until CI's limit.
after(() => {
  const probes = ProbeClient.stopLeftovers();
  const servers = killLeftovers();
  if (probes || servers) console.log(`# left running by a guarantee cut short: ${probes} probe(s), ${servers} server(s), now stopped`);
});

test('G1 on three nodes: clients moved to another node on every reconnect resume losslessly, each event once and in order (S-DLG-1, S-AUTH-3)', { timeout: 120_000 }, async () =>
  held('G1', await g1Resume(g1ClusterQuick)));
test('G2 on three nodes: one client message id sent to two nodes at once, resent, and across a node\'s SIGKILL is stored once, every answer the same', { timeout: 120_000 }, async () =>
  held('G2', await g2ExactlyOnce(g2ClusterQuick)));
test('G3 on three nodes: senders on every node, one conversation, every subscriber (on every node) hears the thread\'s order', { timeout: 120_000 }, async () =>
  held('G3', await g3Order(g3ClusterQuick)));
test('G4 on three nodes: kill -9 of each node in turn loses no acknowledged message; a killed node\'s visitor goes offline for the others within its lease (S-DLG-13)', { timeout: 120_000 }, async () =>
  held('G4', await g4AckStored(g4ClusterQuick)));
test('G12 on three nodes: every database connection cut under load: nodes reconnect, nothing acknowledged lost or doubled, observers miss nothing', { timeout: 120_000 }, async () =>
  held('G12', await g12DatabaseRestart(g12Quick)));
