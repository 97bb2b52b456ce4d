-- Chatdesk schema v13 (S-DLG-9): files. Their bytes are blobs (adapters/fs/, keyed by SHA-256);
-- a message keeps what the protocol shows of its files as JSON, so a page of messages needs no
-- second read.
ALTER TABLE messages ADD COLUMN attachments TEXT;
CREATE TABLE files (
  id            INTEGER PRIMARY KEY,
  blob_key      TEXT NOT NULL,
  kind          TEXT NOT NULL CHECK (kind IN ('image', 'audio', 'file')),
  mime          TEXT NOT NULL,
  name          TEXT NOT NULL,
  size          INTEGER NOT NULL,
  width         INTEGER,
  height        INTEGER,
  thumb_key     TEXT,
  thumb_width   INTEGER,
  thumb_height  INTEGER,
  owner_key     TEXT NOT NULL,     -- 'u:<user id>' or 'c:<customer id>'
  message_id    INTEGER REFERENCES messages (id),
  conversation_id INTEGER,         -- a conversation's or an internal chat's id, with message_id
  created_at    INTEGER NOT NULL
);
CREATE INDEX files_message ON files (message_id) WHERE message_id IS NOT NULL;
-- S-DLG-7 "show attachments": a conversation's images, or its other files, newest first.
CREATE INDEX files_conversation ON files (conversation_id, kind = 'image', id) WHERE conversation_id IS NOT NULL;
CREATE INDEX files_unsent ON files (created_at) WHERE message_id IS NULL;
CREATE INDEX files_blob ON files (blob_key);
CREATE INDEX files_thumb ON files (thumb_key) WHERE thumb_key IS NOT NULL;
