-- S-AN-1, as the SQLite adapter's migration 023: running totals kept at three levels — per channel and manager
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
  level      bigint NOT NULL,
  channel_id bigint NOT NULL,
  manager_id text NOT NULL,
  PRIMARY KEY (level, channel_id, manager_id)
);
CREATE TABLE analytics_running (
  level          bigint NOT NULL,
  channel_id     bigint NOT NULL,
  manager_id     text NOT NULL,
  bucket         bigint NOT NULL,
  new_count      bigint NOT NULL,
  assigned       bigint NOT NULL,
  closed         bigint NOT NULL,
  reopened       bigint NOT NULL,
  open_delta     bigint NOT NULL,
  msgs_customer  bigint NOT NULL,
  msgs_manager   bigint NOT NULL,
  msgs_bot       bigint NOT NULL,
  waits          bigint NOT NULL,
  waits_warning  bigint NOT NULL,
  waits_breached bigint NOT NULL,
  waits_in_time  bigint NOT NULL,
  handled        bigint NOT NULL,
  PRIMARY KEY (level, channel_id, manager_id, bucket)
);
-- A rebuild folds into plain sums per quarter first (the messages of an old or imported database
-- need not come in time order), then makes the running totals from them in one ordered pass.
CREATE TABLE analytics_deltas (
  level          bigint NOT NULL,
  channel_id     bigint NOT NULL,
  manager_id     text NOT NULL,
  bucket         bigint NOT NULL,
  new_count      bigint NOT NULL,
  assigned       bigint NOT NULL,
  closed         bigint NOT NULL,
  reopened       bigint NOT NULL,
  open_delta     bigint NOT NULL,
  msgs_customer  bigint NOT NULL,
  msgs_manager   bigint NOT NULL,
  msgs_bot       bigint NOT NULL,
  waits          bigint NOT NULL,
  waits_warning  bigint NOT NULL,
  waits_breached bigint NOT NULL,
  waits_in_time  bigint NOT NULL,
  handled        bigint NOT NULL,
  PRIMARY KEY (level, channel_id, manager_id, bucket)
);
