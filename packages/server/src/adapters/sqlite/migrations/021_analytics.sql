-- Chatdesk schema v21 (S-AN-1): the analytics rollups, folded from the messages by a job
-- (services/analytics-fold.ts) after a watermark, so the send path pays nothing for them; the
-- same SQL reads both adapters (adapters/analytics-sql.ts). A rebuild empties them and folds every
-- message again.
CREATE TABLE analytics_state (
  key   TEXT PRIMARY KEY,
  value INTEGER NOT NULL
) WITHOUT ROWID;
-- What the fold knows of each customer conversation between two of its messages.
CREATE TABLE analytics_conversations (
  conversation_id   INTEGER PRIMARY KEY,
  channel_id        INTEGER NOT NULL,
  assignee_id       TEXT,
  open              INTEGER NOT NULL,
  opened_at         INTEGER NOT NULL,
  first_customer_at INTEGER,
  answered          INTEGER NOT NULL,
  wait_since        INTEGER
);
CREATE INDEX analytics_conversations_open ON analytics_conversations (open, channel_id, assignee_id);
-- A quarter of an hour (UTC) × channel × manager ('' for none).
CREATE TABLE analytics_counts (
  bucket         INTEGER NOT NULL,
  channel_id     INTEGER NOT NULL,
  manager_id     TEXT NOT NULL,
  new_count      INTEGER NOT NULL DEFAULT 0,
  assigned       INTEGER NOT NULL DEFAULT 0,
  closed         INTEGER NOT NULL DEFAULT 0,
  reopened       INTEGER NOT NULL DEFAULT 0,
  open_delta     INTEGER NOT NULL DEFAULT 0,
  msgs_customer  INTEGER NOT NULL DEFAULT 0,
  msgs_manager   INTEGER NOT NULL DEFAULT 0,
  msgs_bot       INTEGER NOT NULL DEFAULT 0,
  waits          INTEGER NOT NULL DEFAULT 0,
  waits_warning  INTEGER NOT NULL DEFAULT 0,
  waits_breached INTEGER NOT NULL DEFAULT 0,
  waits_in_time  INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (bucket, channel_id, manager_id)
) WITHOUT ROWID;
CREATE INDEX analytics_counts_manager ON analytics_counts (manager_id, bucket);
-- First responses and resolutions, one row each: their medians need the values.
CREATE TABLE analytics_durations (
  id         INTEGER PRIMARY KEY,
  at         INTEGER NOT NULL,
  channel_id INTEGER NOT NULL,
  manager_id TEXT NOT NULL,
  kind       TEXT NOT NULL CHECK (kind IN ('first', 'resolution')),
  ms         INTEGER NOT NULL
);
CREATE INDEX analytics_durations_at ON analytics_durations (at);
-- Who replied in which conversation in which quarter: "handled" counts them distinct per period.
CREATE TABLE analytics_replied (
  bucket          INTEGER NOT NULL,
  manager_id      TEXT NOT NULL,
  conversation_id INTEGER NOT NULL,
  channel_id      INTEGER NOT NULL,
  PRIMARY KEY (bucket, manager_id, conversation_id)
) WITHOUT ROWID;
-- A user's runs online on one node (`seen_at`: last known running; `closed`: ended there).
CREATE TABLE analytics_online (
  key        TEXT PRIMARY KEY,
  user_id    TEXT NOT NULL,
  node       TEXT NOT NULL,
  started_at INTEGER NOT NULL,
  seen_at    INTEGER NOT NULL,
  closed     INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX analytics_online_seen ON analytics_online (seen_at);
CREATE INDEX analytics_online_node ON analytics_online (node, closed);
