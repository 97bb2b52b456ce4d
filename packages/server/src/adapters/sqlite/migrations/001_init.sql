-- Chatdesk schema v1. Times are milliseconds since the epoch; ids are INTEGER rowids
-- except users, whose ids come from the host CRM.

CREATE TABLE meta (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) STRICT;

-- A new database is a new epoch: clients that resume across databases must refetch.
INSERT INTO meta (key, value) VALUES ('epoch', lower(hex(randomblob(8))));
-- The highest event seq ever pruned: a resume from below it cannot be served.
INSERT INTO meta (key, value) VALUES ('pruned_through', '0');

-- CRM users, upserted from their token on every hello (the host is the source of truth).
CREATE TABLE users (
  id         TEXT PRIMARY KEY,
  name       TEXT NOT NULL,
  rights     TEXT NOT NULL DEFAULT '[]',  -- JSON array
  updated_at INTEGER NOT NULL
) STRICT;

CREATE TABLE channels (
  id         INTEGER PRIMARY KEY,
  kind       TEXT NOT NULL,               -- 'web', 'telegram', ...
  name       TEXT NOT NULL,
  created_at INTEGER NOT NULL
) STRICT;

CREATE TABLE customers (
  id         INTEGER PRIMARY KEY,
  name       TEXT NOT NULL,
  channel_id INTEGER REFERENCES channels(id),  -- where the customer first came from
  created_at INTEGER NOT NULL
) STRICT;

CREATE TABLE conversations (
  id               INTEGER PRIMARY KEY,
  channel_id       INTEGER NOT NULL REFERENCES channels(id),
  customer_id      INTEGER NOT NULL REFERENCES customers(id),
  status           TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
  assignee_id      TEXT REFERENCES users(id),
  last_message_id  INTEGER,                -- no FK: messages reference conversations
  last_activity_at INTEGER NOT NULL,
  created_at       INTEGER NOT NULL
) STRICT;
CREATE INDEX conversations_activity ON conversations (last_activity_at DESC, id DESC);
CREATE INDEX conversations_assignee ON conversations (assignee_id, last_activity_at DESC);
CREATE INDEX conversations_customer ON conversations (customer_id, channel_id, status);

CREATE TABLE messages (
  id                INTEGER PRIMARY KEY,
  conversation_id   INTEGER NOT NULL REFERENCES conversations(id),
  author_kind       TEXT NOT NULL CHECK (author_kind IN ('customer', 'manager', 'bot', 'system')),
  author_id         TEXT NOT NULL,
  author_name       TEXT NOT NULL,
  text              TEXT NOT NULL,
  client_message_id TEXT,
  created_at        INTEGER NOT NULL,
  -- Idempotent sends: one stored message per (sender, client message id).
  UNIQUE (author_kind, author_id, client_message_id)
) STRICT;
CREATE INDEX messages_conversation ON messages (conversation_id, id);

-- Per reader: 'u:<user id>' for users, 'c:<customer id>' for visitors.
CREATE TABLE read_cursors (
  user_key             TEXT NOT NULL,
  conversation_id      INTEGER NOT NULL REFERENCES conversations(id),
  last_read_message_id INTEGER NOT NULL,
  PRIMARY KEY (user_key, conversation_id)
) STRICT;

-- The transactional outbox: written in the same transaction as the change it describes;
-- live fan-out and resume both read it. The visibility columns are the conversation's state
-- when the event happened (prev_assignee_id: the assignee before, for assignment changes, so
-- whoever loses sight of a conversation learns that it moved).
CREATE TABLE events (
  seq              INTEGER PRIMARY KEY AUTOINCREMENT,
  name             TEXT NOT NULL,
  data             TEXT NOT NULL,             -- JSON
  conversation_id  INTEGER,
  assignee_id      TEXT,
  prev_assignee_id TEXT,
  assignee_changed INTEGER NOT NULL DEFAULT 0,
  customer_id      INTEGER,
  target_user_key  TEXT,                      -- set: only that user's sessions see it
  created_at       INTEGER NOT NULL
) STRICT;
CREATE INDEX events_created ON events (created_at);
