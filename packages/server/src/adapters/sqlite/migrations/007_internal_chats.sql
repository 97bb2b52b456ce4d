-- Chatdesk schema v7: internal chats (S-DLG-14), where staff write to each other. Tables of
-- their own, so the customer list, search, unread snapshots, the distribution bot and
-- auto-close (which all read `conversations` and `messages`) can never see them.

CREATE TABLE internal_chats (
  id               INTEGER PRIMARY KEY,
  kind             TEXT NOT NULL CHECK (kind IN ('direct', 'group')),
  title            TEXT NOT NULL,               -- '' for a direct chat
  -- A direct chat's pair as a JSON array of the two user ids, sorted: one chat per pair.
  direct_key       TEXT UNIQUE,
  created_by       TEXT NOT NULL,
  last_message_id  INTEGER,
  -- Messages in the chat; the newest message's ordinal (unread is arithmetic, as in 002).
  message_count    INTEGER NOT NULL DEFAULT 0,
  last_activity_at INTEGER NOT NULL,
  created_at       INTEGER NOT NULL,
  CHECK ((kind = 'direct') = (direct_key IS NOT NULL))
) STRICT;

-- Members, each with their read cursor (the ordinal read up to).
CREATE TABLE internal_members (
  chat_id      INTEGER NOT NULL REFERENCES internal_chats(id),
  user_id      TEXT NOT NULL REFERENCES users(id),
  read_ordinal INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (chat_id, user_id)
) STRICT, WITHOUT ROWID;
-- A user's chats (the list, the membership check from the user's side).
CREATE INDEX internal_members_user ON internal_members (user_id, chat_id);

-- Messages of internal chats: always by staff, so no author kind, status or system columns.
CREATE TABLE internal_messages (
  id                INTEGER PRIMARY KEY,
  chat_id           INTEGER NOT NULL REFERENCES internal_chats(id),
  author_id         TEXT NOT NULL,
  author_name       TEXT NOT NULL,
  text              TEXT NOT NULL,
  client_message_id TEXT,
  created_at        INTEGER NOT NULL,
  ordinal           INTEGER NOT NULL,
  reply_to_id       INTEGER,                    -- a message of the same chat
  -- Idempotent sends: one stored message per (sender, client message id).
  UNIQUE (author_id, client_message_id)
) STRICT;
CREATE INDEX internal_messages_chat ON internal_messages (chat_id, id);
