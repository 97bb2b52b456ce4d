-- Issue 6: delivery status (S-DLG-13), replies, edits and deletes with their audit trail
-- (S-DLG-7), and drafts kept on the server (S-DLG-8).

-- S-DLG-13: on staff and bot messages to a customer; NULL on customer and system messages.
ALTER TABLE messages ADD COLUMN status TEXT CHECK (status IN ('queued', 'sent', 'delivered', 'read', 'failed'));
ALTER TABLE messages ADD COLUMN fail_reason TEXT CHECK (fail_reason IN ('channel_error', 'not_your_conversation', 'visitor_left'));
-- How many times it was handed to the channel (Retry adds one).
ALTER TABLE messages ADD COLUMN attempts INTEGER NOT NULL DEFAULT 1;
-- S-DLG-7: the quoted message (same conversation; never deleted from the table, only blanked).
ALTER TABLE messages ADD COLUMN reply_to_id INTEGER;
ALTER TABLE messages ADD COLUMN edited_at INTEGER;
ALTER TABLE messages ADD COLUMN deleted_at INTEGER;
-- The delivery report and "visitor left" touch only messages still on their way.
CREATE INDEX messages_undelivered ON messages (conversation_id, id) WHERE status IN ('queued', 'sent');

-- S-DLG-7: every edit and delete keeps the text it replaced; chat admins read it.
CREATE TABLE message_revisions (
  id          INTEGER PRIMARY KEY,
  message_id  INTEGER NOT NULL REFERENCES messages(id),
  action      TEXT NOT NULL CHECK (action IN ('edited', 'deleted')),
  text        TEXT NOT NULL,
  actor_kind  TEXT NOT NULL,
  actor_id    TEXT NOT NULL,
  actor_name  TEXT NOT NULL,
  created_at  INTEGER NOT NULL
) STRICT;
CREATE INDEX message_revisions_message ON message_revisions (message_id, id);

-- S-DLG-8: one draft per user per conversation.
CREATE TABLE drafts (
  user_id         TEXT NOT NULL,
  conversation_id INTEGER NOT NULL REFERENCES conversations(id),
  text            TEXT NOT NULL,
  updated_at      INTEGER NOT NULL,
  PRIMARY KEY (user_id, conversation_id)
) STRICT;
CREATE INDEX drafts_user_recent ON drafts (user_id, updated_at DESC);
