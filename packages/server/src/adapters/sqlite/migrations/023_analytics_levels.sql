-- Chatdesk schema v23 (S-AN-1): running totals kept at three levels — per channel and manager
-- (level 0), per channel (1, manager ''), per manager (2, channel 0) — so a report by channel or
-- store reads a row per channel and day edge, and one by manager a row per manager, instead of
-- one per pair. The rollups start over: the job folds every message again from the first.
DROP TABLE analytics_running;
DROP TABLE analytics_keys;
DELETE FROM analytics_durations;
DELETE FROM analytics_conversations;
DELETE FROM analytics_state;
-- A report reads a range's first responses and resolutions from the index alone.
DROP INDEX analytics_durations_at;
CREATE INDEX analytics_durations_range ON analytics_durations (at, kind, ms, channel_id, manager_id);
CREATE TABLE analytics_keys (
  level      INTEGER NOT NULL,
  channel_id INTEGER NOT NULL,
  manager_id TEXT NOT NULL,
  PRIMARY KEY (level, channel_id, manager_id)
) WITHOUT ROWID;
CREATE TABLE analytics_running (
  level          INTEGER NOT NULL,
  channel_id     INTEGER NOT NULL,
  manager_id     TEXT NOT NULL,
  bucket         INTEGER NOT NULL,
  new_count      INTEGER NOT NULL,
  assigned       INTEGER NOT NULL,
  closed         INTEGER NOT NULL,
  reopened       INTEGER NOT NULL,
  open_delta     INTEGER NOT NULL,
  msgs_customer  INTEGER NOT NULL,
  msgs_manager   INTEGER NOT NULL,
  msgs_bot       INTEGER NOT NULL,
  waits          INTEGER NOT NULL,
  waits_warning  INTEGER NOT NULL,
  waits_breached INTEGER NOT NULL,
  waits_in_time  INTEGER NOT NULL,
  handled        INTEGER NOT NULL,
  PRIMARY KEY (level, channel_id, manager_id, bucket)
) WITHOUT ROWID;
-- A rebuild folds into plain sums per quarter first (the messages of an old or imported database
-- need not come in time order), then makes the running totals from them in one ordered pass.
CREATE TABLE analytics_deltas (
  level          INTEGER NOT NULL,
  channel_id     INTEGER NOT NULL,
  manager_id     TEXT NOT NULL,
  bucket         INTEGER NOT NULL,
  new_count      INTEGER NOT NULL,
  assigned       INTEGER NOT NULL,
  closed         INTEGER NOT NULL,
  reopened       INTEGER NOT NULL,
  open_delta     INTEGER NOT NULL,
  msgs_customer  INTEGER NOT NULL,
  msgs_manager   INTEGER NOT NULL,
  msgs_bot       INTEGER NOT NULL,
  waits          INTEGER NOT NULL,
  waits_warning  INTEGER NOT NULL,
  waits_breached INTEGER NOT NULL,
  waits_in_time  INTEGER NOT NULL,
  handled        INTEGER NOT NULL,
  PRIMARY KEY (level, channel_id, manager_id, bucket)
) WITHOUT ROWID;
