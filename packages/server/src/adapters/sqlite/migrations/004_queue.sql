-- Chatdesk schema v4: working the queue (issue 5) — waiting time, system events, customer
-- contacts and blocking, chat settings, per-user list preferences, full-text search.

-- S-DLG-4: when the oldest customer message not yet answered by a manager arrived (NULL when
-- answered). Maintained on every send; backfilled here.
ALTER TABLE conversations ADD COLUMN waiting_since INTEGER;
UPDATE conversations SET waiting_since = (
  SELECT min(m.created_at) FROM messages m
  WHERE m.conversation_id = conversations.id AND m.author_kind = 'customer'
    AND m.id > coalesce((SELECT max(a.id) FROM messages a
                         WHERE a.conversation_id = conversations.id AND a.author_kind = 'manager'), 0));
-- The "waiting" sort walks these in order: per assignee (plain managers: theirs, unassigned)
-- and over everything (those who see all). Partial: only unanswered conversations are in them.
CREATE INDEX conversations_waiting_assignee ON conversations (assignee_id, waiting_since, id) WHERE waiting_since IS NOT NULL;
CREATE INDEX conversations_waiting ON conversations (waiting_since, id) WHERE waiting_since IS NOT NULL;

-- S-SET-3: the auto-close job walks the open conversations idle the longest; closed ones (most of
-- the table, for good) are not in this index.
CREATE INDEX conversations_open_idle ON conversations (last_activity_at, id) WHERE status = 'open';

-- S-DLG-5: system events in the feed (author_kind 'system'); the SystemEvent as JSON.
ALTER TABLE messages ADD COLUMN system TEXT;

-- S-DLG-3, S-DLG-7: contacts to search by, and blocking.
ALTER TABLE customers ADD COLUMN phone TEXT;
ALTER TABLE customers ADD COLUMN email TEXT;
ALTER TABLE customers ADD COLUMN blocked INTEGER NOT NULL DEFAULT 0;
-- name, phone and email folded for search (lower case, no diacritics, ё → е; see
-- storage/fold.ts): searched with LIKE, one line per field.
ALTER TABLE customers ADD COLUMN search_key TEXT NOT NULL DEFAULT '';
UPDATE customers SET search_key = chat_search_key(name, phone, email);

-- S-SET-3, S-SET-4, S-CH-3: one row of chat-wide settings (JSON, validated by the protocol schema).
CREATE TABLE settings (
  id   INTEGER PRIMARY KEY CHECK (id = 1),
  data TEXT NOT NULL
) STRICT;

-- S-DLG-4: each user's remembered list sort and filter (JSON).
CREATE TABLE prefs (
  user_id TEXT PRIMARY KEY,
  data    TEXT NOT NULL
) STRICT;

-- S-DLG-3: message text, contentless (the text lives in messages), «ё» folded to «е» before it
-- is indexed (the tokenizer does not); queries fold the same way. No bm25 ranking: hits are
-- read newest first by rowid (= message id).
CREATE VIRTUAL TABLE messages_fts USING fts5(
  text, content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 2'
);
INSERT INTO messages_fts (rowid, text) SELECT id, chat_fold_yo(text) FROM messages WHERE author_kind <> 'system';
