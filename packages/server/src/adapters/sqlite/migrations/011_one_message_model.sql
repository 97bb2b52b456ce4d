-- foreign keys off (db.ts: the conversations table is rebuilt; foreign_key_check runs before COMMIT)
-- Chatdesk schema v11: one message model (issue 11). Internal chats (S-DLG-14, migration 007)
-- become conversations of kind 'internal' in the same tables as customer conversations: their
-- messages in `messages` (one send path, one search index, one set of quotes), their read
-- cursors in `read_cursors` ('u:<user id>'), their members in `conversation_members`.
-- Customer conversations keep every index they had; those an internal chat could fall into (it
-- is open, unassigned, possibly empty) are now partial on kind = 'customer', and the list,
-- unread counts, search, drafts, the distribution bot and auto-close name the kind in every
-- query, so they never meet an internal chat (adapters/sqlite/repo.ts). Internal chats have no
-- customer and never wait (waiting_since), so the customer and waiting indexes stay as they were.

CREATE TABLE conversations_v11 (
  id               INTEGER PRIMARY KEY,
  kind             TEXT NOT NULL DEFAULT 'customer' CHECK (kind IN ('customer', 'internal')),
  channel_id       INTEGER REFERENCES channels(id),
  customer_id      INTEGER REFERENCES customers(id),
  status           TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
  assignee_id      TEXT REFERENCES users(id),
  last_message_id  INTEGER,
  last_activity_at INTEGER NOT NULL,
  created_at       INTEGER NOT NULL,
  message_count    INTEGER NOT NULL DEFAULT 0,
  waiting_since    INTEGER,
  -- Internal chats: a group's title ('' for a direct chat), the pair of a direct chat as a JSON
  -- array of the two user ids sorted (one chat per pair), and who created it.
  title            TEXT,
  direct_key       TEXT UNIQUE,
  created_by       TEXT,
  CHECK ((kind = 'customer') = (channel_id IS NOT NULL AND customer_id IS NOT NULL)),
  CHECK (kind = 'customer' OR (assignee_id IS NULL AND waiting_since IS NULL AND title IS NOT NULL AND created_by IS NOT NULL))
) STRICT;

INSERT INTO conversations_v11 (id, kind, channel_id, customer_id, status, assignee_id, last_message_id,
  last_activity_at, created_at, message_count, waiting_since)
SELECT id, 'customer', channel_id, customer_id, status, assignee_id, last_message_id,
  last_activity_at, created_at, message_count, waiting_since
FROM conversations;

DROP TABLE conversations;
ALTER TABLE conversations_v11 RENAME TO conversations;

CREATE INDEX conversations_activity ON conversations (last_activity_at DESC, id DESC, message_count) WHERE kind = 'customer';
CREATE INDEX conversations_assignee ON conversations (assignee_id, last_activity_at DESC, id DESC, message_count) WHERE kind = 'customer';
CREATE INDEX conversations_customer ON conversations (customer_id, channel_id, status);
CREATE INDEX conversations_empty ON conversations (id) WHERE message_count = 0 AND kind = 'customer';
CREATE INDEX conversations_waiting_assignee ON conversations (assignee_id, waiting_since, id) WHERE waiting_since IS NOT NULL;
CREATE INDEX conversations_waiting ON conversations (waiting_since, id) WHERE waiting_since IS NOT NULL;
CREATE INDEX conversations_open_idle ON conversations (last_activity_at, id) WHERE status = 'open' AND kind = 'customer';

-- Who belongs to an internal chat (their read cursors are in read_cursors).
CREATE TABLE conversation_members (
  conversation_id INTEGER NOT NULL REFERENCES conversations(id),
  user_id         TEXT NOT NULL REFERENCES users(id),
  PRIMARY KEY (conversation_id, user_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX conversation_members_user ON conversation_members (user_id, conversation_id);

-- The internal chats and their messages take ids after the customer ones, in their old order.
CREATE TEMP TABLE chat_ids AS
  SELECT id AS old_id, (SELECT coalesce(max(id), 0) FROM conversations) + row_number() OVER (ORDER BY id) AS new_id
  FROM internal_chats;
CREATE TEMP TABLE message_ids AS
  SELECT id AS old_id, (SELECT coalesce(max(id), 0) FROM messages) + row_number() OVER (ORDER BY id) AS new_id
  FROM internal_messages;

INSERT INTO conversations (id, kind, status, last_message_id, last_activity_at, created_at, message_count,
  title, direct_key, created_by)
SELECT ci.new_id, 'internal', 'open', (SELECT mi.new_id FROM message_ids mi WHERE mi.old_id = c.last_message_id),
  c.last_activity_at, c.created_at, c.message_count, c.title, c.direct_key, c.created_by
FROM internal_chats c JOIN chat_ids ci ON ci.old_id = c.id;

INSERT INTO conversation_members (conversation_id, user_id)
SELECT ci.new_id, m.user_id FROM internal_members m JOIN chat_ids ci ON ci.old_id = m.chat_id;

INSERT INTO read_cursors (user_key, conversation_id, read_ordinal)
SELECT 'u:' || m.user_id, ci.new_id, m.read_ordinal FROM internal_members m JOIN chat_ids ci ON ci.old_id = m.chat_id;

INSERT INTO messages (id, conversation_id, author_kind, author_id, author_name, text, client_message_id,
  created_at, ordinal, reply_to_id)
SELECT mi.new_id, ci.new_id, 'manager', m.author_id, m.author_name, m.text, m.client_message_id,
  m.created_at, m.ordinal, (SELECT q.new_id FROM message_ids q WHERE q.old_id = m.reply_to_id)
FROM internal_messages m JOIN message_ids mi ON mi.old_id = m.id JOIN chat_ids ci ON ci.old_id = m.chat_id;

INSERT INTO messages_fts (rowid, text)
SELECT mi.new_id, chat_search_text(m.text) FROM internal_messages m JOIN message_ids mi ON mi.old_id = m.id;

DROP TABLE internal_messages;
DROP TABLE internal_members;
DROP TABLE internal_chats;
DROP TABLE chat_ids;
DROP TABLE message_ids;

-- Internal chats and their messages have new ids, and events logged before name the old ones:
-- a new epoch makes every client refetch once instead of resuming into stale ids.
UPDATE meta SET value = lower(hex(randomblob(8))) WHERE key = 'epoch';
