// Search by words (S-DLG-3) over real sockets and a real SQLite file: a corpus of real greetings
// and names with «й», «ё» and Latin diacritics, a property test that any word of a stored message
// finds it, highlights in the original text, and the migration that reindexes an old database.
//
// Decision under test: stored text and queries are both NFC-normalized before folding, so a word
// typed precomposed or decomposed («й» or «и» + U+0306, «ë» or «e» + U+0308) finds the other.
import assert from 'node:assert/strict';
import { test, type TestContext } from 'node:test';
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { cmid, connect, sqliteOnly, startServer, startTestServer, visitorConversation, type TestClient, type TestServer } from './helpers.js';

/** Every word of a text as a reader sees it: runs of letters, digits and combining marks. */
const wordsOf = (text: string) => [...text.matchAll(/[\p{L}\p{N}\p{M}]+/gu)].map((m) => ({ word: m[0], at: m.index ?? 0 }));

/** The first `n` grapheme clusters of a word (a prefix a user could type). */
const graphemes = new Intl.Segmenter('en', { granularity: 'grapheme' });
const prefixOf = (word: string, n: number) => [...graphemes.segment(word)].slice(0, n).map((g) => g.segment).join('');

type Hit = { field: string; conversation: { id: number }; message: { id: number; text: string } | null; highlights: [number, number][] };

/** Every hit of a query, all pages. */
async function searchAll(c: TestClient, query: string): Promise<Hit[]> {
  const hits: Hit[] = [];
  let cursor: string | undefined;
  do {
    const page = await c.call('conversations.search', { query, limit: 100, ...(cursor ? { cursor } : {}) });
    hits.push(...page.hits);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return hits;
}

const messageHit = (hits: Hit[], messageId: number) => hits.find((h) => h.message?.id === messageId);

async function admin(t: TestContext, server: TestServer) {
  return connect(t, server, server.userToken({ id: 'vera', name: 'Vera', rights: ['chats', 'chat_admin'] }));
}

const CORPUS = [
  'Добрый день! Подскажите, есть ли доставка в Йошкар-Олу?',
  'Здравствуйте, меня зовут Алексей, заказ на имя Андрея Майского',
  'Спасибо, Артём, ёлка пришла целой. Всё хорошо, ещё раз спасибо!',
  'Артем, добрый вечер, а ЙОГУРТЫ будут в мае?',
  'Hello! My name is Zoë, I loved the café on the Hauptstraße',
  'Hi there, a naïve question: do you ship to Köln, Łódź or São Paulo?',
  'Good morning, this is Chloé from Besançon; Straße 5, Zürich',
  // Typed on a system that sends decomposed letters: «й» and «ё» as a letter and a mark.
  'Добры\u0438\u0306 вечер, \u0415\u0308лочка и Zoe\u0308 на месте',
];

test('S-DLG-3: a corpus of Russian and English greetings and names with «й», «ё» and diacritics: each word finds its message as a whole word and as a prefix, highlighted in the original text', async (t) => {
  const server = await startServer(t);
  const vera = await admin(t, server);
  const { conversationId } = await visitorConversation(t, server, 'Начало', 'Q');
  const ids: number[] = [];
  for (const text of CORPUS) {
    ids.push((await vera.call('messages.send', { conversationId, clientMessageId: cmid(), text })).message.id);
  }

  for (const [i, text] of CORPUS.entries()) {
    for (const { word, at } of wordsOf(text)) {
      const n = [...graphemes.segment(word)].length;
      for (const query of new Set([word, word.toLowerCase(), word.normalize('NFD'), prefixOf(word, Math.ceil(n / 2))])) {
        const hit = messageHit(await searchAll(vera, query), ids[i]!);
        assert.ok(hit, `«${query}» finds «${text}»`);
        // The matched word is marked from its first character, in the original (unnormalized) text.
        const range = hit.highlights.find(([s]) => s === at);
        assert.ok(range, `«${query}» marks «${word}» at ${at} in «${text}»: ${JSON.stringify(hit.highlights)}`);
        if (query.normalize('NFC') === word.normalize('NFC')) assert.equal(text.slice(range[0], range[1]), word);
      }
    }
  }

  // The cases by name: «Добрый» and «Здравствуйте» (with «й») find their messages.
  const texts = async (q: string) => (await searchAll(vera, q)).map((h) => h.message?.text);
  assert.deepEqual(await texts('Добрый'), [CORPUS[7], CORPUS[3], CORPUS[0]]);
  assert.deepEqual(await texts('Здравствуйте'), [CORPUS[1]]);
  assert.deepEqual(await texts('йошкар'), [CORPUS[0]]);
  // «ё» and «е» find each other, both ways.
  assert.deepEqual(await texts('Артем'), [CORPUS[3], CORPUS[2]]);
  assert.deepEqual(await texts('Артём'), [CORPUS[3], CORPUS[2]]);
  assert.deepEqual(await texts('елк'), [CORPUS[2]]);
  assert.deepEqual(await texts('ЕЛОЧК'), [CORPUS[7]]);
  // Only «ё» and case are folded: «и» is not «й», «e» is not «ë» or «é», «ss» is not «ß».
  for (const q of ['Добрыи', 'Йогурты', 'Zoe', 'cafe', 'naive', 'Strasse', 'Koln', 'Chloe', 'Алексеи']) {
    assert.deepEqual(await texts(q), q === 'Йогурты' ? [CORPUS[3]] : [], q);
  }
  // A precomposed query finds the decomposed text and the other way round, marking whole clusters.
  const decomposed = messageHit(await searchAll(vera, 'Zoë'), ids[7]!)!;
  assert.deepEqual(decomposed.highlights.map(([s, e]) => CORPUS[7]!.slice(s, e)), ['Zoe\u0308']);
  assert.ok(messageHit(await searchAll(vera, 'Zoe\u0308'), ids[4]!));
});

test('S-DLG-3: customers named «Андрей Майский», «Zoë Dubois», «Пётр Ковалёв» are found by their names as written (й kept, ё folded), highlighted', async (t) => {
  const server = await startServer(t);
  const vera = await admin(t, server);
  const andrey = await visitorConversation(t, server, 'Привет', 'Андрей Майский');
  const zoe = await visitorConversation(t, server, 'Hi', 'Zoë Dubois');
  const petr = await visitorConversation(t, server, 'Здрасте', 'Пётр Ковалёв');
  const names = async (q: string) =>
    (await searchAll(vera, q)).filter((h) => h.field === 'name').map((h) => [h.conversation.id, h.highlights]);

  assert.deepEqual(await names('Андрей'), [[andrey.conversationId, [[0, 6]]]]);
  assert.deepEqual(await names('майский'), [[andrey.conversationId, [[7, 14]]]]);
  assert.deepEqual(await names('ДРЕЙ'), [[andrey.conversationId, [[2, 6]]]]);
  assert.deepEqual(await names('Zoë'), [[zoe.conversationId, [[0, 3]]]]);
  assert.deepEqual(await names('Zoe\u0308'), [[zoe.conversationId, [[0, 3]]]]);
  assert.deepEqual(await names('ковалев'), [[petr.conversationId, [[5, 12]]]]);
  assert.deepEqual(await names('Пётр'), [[petr.conversationId, [[0, 4]]]]);
  for (const q of ['Андреи', 'Маиский', 'Zoe']) assert.deepEqual(await names(q), [], q);
});

// Units of generated words: Cyrillic and Latin letters, «й», «ё» in both cases and as letter +
// combining mark, Latin letters with diacritics precomposed and decomposed, and letters whose
// lower case is special (İ, Σ, ß).
const UNITS = [
  'а', 'б', 'д', 'р', 'ы', 'и', 'й', 'Й', 'е', 'ё', 'Ё', 'Е', 'о', 'л', 'к', 'Я',
  'и\u0306', 'И\u0306', 'е\u0308', 'Е\u0308',
  'a', 'e', 'o', 'z', 'C', 'ë', 'é', 'ï', 'ö', 'ç', 'ñ', 'ß', 'Ł', 'ł', 'Ø', 'İ', 'Σ', 'ς',
  'e\u0301', 'o\u0308', 'n\u0303', '7',
];
const SEPARATORS = [' ', ', ', ' - ', '! ', '\n', ' — ', '? ', '₽ ', '…'];

test('S-DLG-3: property: any word of a stored message finds it (as written, decomposed, and by its first half), marked where it stands', async (t) => {
  const server = await startServer(t, { rateLimit: { perSecond: 100_000, burst: 100_000, closeAfterRejected: 100_000 } });
  const vera = await admin(t, server);
  const { conversationId } = await visitorConversation(t, server, 'Начало', 'Q');
  const word = fc.array(fc.constantFrom(...UNITS), { minLength: 1, maxLength: 7 }).map((u) => u.join(''));
  const message = fc
    .tuple(fc.array(word, { minLength: 1, maxLength: 6 }), fc.array(fc.constantFrom(...SEPARATORS), { minLength: 6, maxLength: 6 }))
    .map(([words, seps]) => words.map((w, i) => (i === 0 ? w : seps[i]! + w)).join(''));

  await fc.assert(
    fc.asyncProperty(message, fc.nat(), async (text, pick) => {
      const sent = (await vera.call('messages.send', { conversationId, clientMessageId: cmid(), text })).message;
      const words = wordsOf(text);
      const { word: w, at } = words[pick % words.length]!;
      const n = [...graphemes.segment(w)].length;
      for (const query of new Set([w, w.normalize('NFD'), w.normalize('NFC'), prefixOf(w, Math.ceil(n / 2))])) {
        // The newest message is the first message hit of any query that finds it.
        const page = await vera.call('conversations.search', { query, limit: 100 });
        const hit = (page.hits as Hit[]).find((h) => h.field === 'text');
        assert.equal(hit?.message?.id, sent.id, `«${query}» finds «${text}»`);
        const range = hit!.highlights.find(([s]) => s === at);
        assert.ok(range, `«${query}» marks the word at ${at} in «${text}»: ${JSON.stringify(hit!.highlights)}`);
        if (query.normalize('NFC') === w.normalize('NFC')) assert.equal(text.slice(range[0], range[1]), w);
      }
    }),
    { numRuns: 150 },
  );
});

/** What search folded before migration 009: every mark removed («й» → «и»), case, ё → е. */
const oldFold = (s: string) => [...s].map((ch) => ch.replace(/[ёЁ]/, 'е').normalize('NFD').replace(/\p{M}/gu, '').toLowerCase()).join('');

test('S-DLG-3: migration 009 reindexes a database as the old folding left it: «Добрый» found, «Zoe» and «Андреи» no longer match, deleted text stays out', { skip: sqliteOnly }, async (t) => {
  const first = await startTestServer();
  t.after(() => first.close());
  const vera = await admin(t, first);
  const andrey = await visitorConversation(t, first, 'Добрый день, это Zoë!', 'Андрей');
  const gone = await vera.call('messages.send', { conversationId: andrey.conversationId, clientMessageId: cmid(), text: 'Удалённый привет' });
  await vera.call('messages.delete', { messageId: gone.message.id });
  vera.ws.terminate();
  await first.stop();

  // The search tables as migrations 004/005 built them and the old code filled them.
  const db = new Database(first.dbFile);
  db.exec(`DROP TABLE messages_fts;
    CREATE VIRTUAL TABLE messages_fts USING fts5(text, content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 2');`);
  const rows = db.prepare(`SELECT id, text FROM messages WHERE author_kind <> 'system' AND deleted_at IS NULL`).all() as { id: number; text: string }[];
  for (const r of rows) db.prepare('INSERT INTO messages_fts (rowid, text) VALUES (?, ?)').run(r.id, r.text.replace(/ё/g, 'е').replace(/Ё/g, 'Е'));
  const customers = db.prepare('SELECT id, name, phone, email FROM customers').all() as { id: number; name: string; phone: string | null; email: string | null }[];
  for (const c of customers) {
    db.prepare('UPDATE customers SET search_key = ? WHERE id = ?').run(`${oldFold(c.name)}\n${(c.phone ?? '').replace(/\D/g, '')}\n${oldFold(c.email ?? '')}`, c.id);
  }
  db.exec(`DROP TABLE customers_fts;
    CREATE VIRTUAL TABLE customers_fts USING fts5(search_key, content='customers', content_rowid='id', tokenize='trigram');
    INSERT INTO customers_fts (customers_fts) VALUES ('rebuild');
    DELETE FROM schema_migrations WHERE version = 9;`);
  assert.equal((db.prepare(`SELECT count(*) n FROM customers_fts WHERE customers_fts MATCH '"андреи"'`).get() as { n: number }).n, 1);
  db.close();

  const second = await startServer(t, { dbFile: first.dbFile, secret: first.secret });
  const admin2 = await admin(t, second);
  const texts = async (q: string) => (await searchAll(admin2, q)).map((h) => [h.field, h.message?.text ?? null]);
  assert.deepEqual(await texts('Добрый'), [['text', 'Добрый день, это Zoë!']]);
  assert.deepEqual(await texts('Zoë'), [['text', 'Добрый день, это Zoë!']]);
  assert.deepEqual(await texts('Zoe'), []);
  assert.deepEqual(await texts('Андрей'), [['name', null]]);
  assert.deepEqual(await texts('Андреи'), []);
  assert.deepEqual(await texts('Удалённый'), []);
});
