// The quick reliability run, part of `npm test`: the same guarantees as `npm run soak` with
// smaller numbers. Each test names its guarantee and the SPEC ids it protects.
import { after, test } from 'node:test';
import { ProbeClient } from './lib/probe-client.js';
import { killLeftovers } from './lib/server-process.js';
import assert from 'node:assert/strict';
import { checks } from './checks.js';
import { g1Quick, g1Resume } from './guarantees/g1-resume.js';
import { g2ExactlyOnce, g2Quick } from './guarantees/g2-exactly-once.js';
import { g3Order, g3Quick } from './guarantees/g3-order.js';
import { g4AckStored, g4Quick } from './guarantees/g4-ack-stored.js';
import { g5Liveness, g5Quick } from './guarantees/g5-liveness.js';
import { g6Quick, g6SlowConsumer } from './guarantees/g6-slow-consumer.js';
import { g7Hostile, g7Quick } from './guarantees/g7-hostile.js';
import { g8Quick, g8Webhooks } from './guarantees/g8-webhooks.js';
import { g9Access, g9Quick } from './guarantees/g9-access.js';
import { g10HostileFiles, g10Quick } from './guarantees/g10-hostile-files.js';
import { g11Quick, g11ReconnectStorm } from './guarantees/g11-reconnect-storm.js';
import { g13Quick, g13TemplateBombs } from './guarantees/g13-template-bombs.js';

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

test('G1 lossless resume under random socket destruction (S-DLG-1, S-AUTH-3)', { timeout: 120_000 }, async () => held('G1', await g1Resume(g1Quick)));
test('G2 exactly-once sends: resends, twin sockets, SIGKILL', { timeout: 120_000 }, async () => held('G2', await g2ExactlyOnce(g2Quick)));
test('G3 one order for every subscriber under concurrent senders', { timeout: 120_000 }, async () => held('G3', await g3Order(g3Quick)));
test('G4 an acknowledged message survives SIGKILL', { timeout: 120_000 }, async () => held('G4', await g4AckStored(g4Quick)));
test('G5 silent peers are dropped within two heartbeat intervals + 250 ms (from the moment they stop reading to the session count falling)', { timeout: 60_000 }, async () => held('G5', await g5Liveness(g5Quick)));
test('G6 a slow consumer is cut off and resumes without loss', { timeout: 120_000 }, async () => held('G6', await g6SlowConsumer(g6Quick)));
test('G7 hostile frames (any call id) get an error with their id, in a code their method declares, or a documented close', { timeout: 120_000 }, async () => held('G7', await g7Hostile(g7Quick)));
test('G8 webhooks: hostile inbound calls refused, the API\'s access matrix, replies to a module that fails, hangs and is down arrive once and in order when it is back, no redirect followed, no private or metadata address reached (S-CH-2)', { timeout: 150_000 }, async () => held('G8', await g8Webhooks(g8Quick)));
test('G9 who may connect and see: tokens, Origin, role × method matrix, every answer a declared code (S-AUTH-1..4)', { timeout: 60_000 }, async () => held('G9', await g9Access(g9Quick)));
test('G10 hostile files: crafted uploads (scripts and programs in disguise, polyglots, EXIF, bombs, path/CRLF/bidi names, broken multipart, forged tokens, stalls) are refused in a protocol code or stored and served inert to both parties; no partial file left, the process up (S-DLG-9)', { timeout: 90_000 }, async () => held('G10', await g10HostileFiles(g10Quick)));
test('G11 reconnect storm: after a SIGKILL and restart under load every client is back and resumed (not resynced), no acknowledged send lost, no event missing or doubled (the 3 s goal is the soak\'s)', { timeout: 60_000 }, async () => held('G11', await g11ReconnectStorm(g11Quick)));
test('G13 template bombs (nested loops, huge ranges, doubling strings, long chains) stop at their time, output or loop budget within a second, while other renders and the event loop go on (S-QR-4; the renderer as quickReplies.render calls it; its event loop watched)', { timeout: 60_000 }, async () => held('G13', await g13TemplateBombs(g13Quick)));
