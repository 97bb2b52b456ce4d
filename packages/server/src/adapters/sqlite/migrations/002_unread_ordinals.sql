-- Chatdesk schema v2: unread by arithmetic, and list indexes that serve a page in index order.
--
-- Each conversation counts its messages and each message knows its place in its conversation
-- (1, 2, …); a read cursor holds the ordinal its reader has read up to. Unread is then
-- message_count - read_ordinal: no counting of messages at read time.

ALTER TABLE conversations ADD COLUMN message_count INTEGER NOT NULL DEFAULT 0;
ALTER TABLE messages ADD COLUMN ordinal INTEGER NOT NULL DEFAULT 0;

-- Backfill: ordinals in id order within each conversation, then the counters.
WITH numbered AS (
  SELECT id, row_number() OVER (PARTITION BY conversation_id ORDER BY id) AS n FROM messages
)
UPDATE messages SET ordinal = numbered.n FROM numbered WHERE messages.id = numbered.id;

UPDATE conversations SET message_count = counted.n
FROM (SELECT conversation_id, count(*) AS n FROM messages GROUP BY conversation_id) AS counted
WHERE conversations.id = counted.conversation_id;

-- Read cursors move from a message id to an ordinal: the ordinal of the newest message at or
-- before the old cursor (0 when there is none).
CREATE TABLE read_cursors_v2 (
  user_key        TEXT NOT NULL,                 -- 'u:<user id>' or 'c:<customer id>'
  conversation_id INTEGER NOT NULL REFERENCES conversations(id),
  read_ordinal    INTEGER NOT NULL,
  PRIMARY KEY (user_key, conversation_id)
) STRICT, WITHOUT ROWID;

INSERT INTO read_cursors_v2 (user_key, conversation_id, read_ordinal)
SELECT rc.user_key, rc.conversation_id,
       coalesce((SELECT m.ordinal FROM messages m
                 WHERE m.conversation_id = rc.conversation_id AND m.id <= rc.last_read_message_id
                 ORDER BY m.id DESC LIMIT 1), 0)
FROM read_cursors rc;

DROP TABLE read_cursors;
ALTER TABLE read_cursors_v2 RENAME TO read_cursors;

-- A manager's list is two ordered index ranges (assigned to them, unassigned) merged by
-- last activity; the id breaks ties in the same direction as the list's ORDER BY, so neither
-- range needs a sort. message_count rides along (it changes exactly when last_activity_at
-- does) so counting a user's conversations with messages never reads the table.
DROP INDEX conversations_assignee;
CREATE INDEX conversations_assignee ON conversations (assignee_id, last_activity_at DESC, id DESC, message_count);

-- Conversations without messages are never unread; this (nearly always empty) index lets a
-- count of visible conversations subtract them without a table scan.
CREATE INDEX conversations_empty ON conversations (id) WHERE message_count = 0;
