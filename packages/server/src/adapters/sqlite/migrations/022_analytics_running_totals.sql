-- Chatdesk schema v22 (S-AN-1): the counts are kept as running totals per channel and manager — a
-- row per quarter of an hour that had something, holding everything up to its end — so a report
-- reads one row per key and period edge instead of every quarter between them; "handled" is a
-- counter among them (an opening counted once per manager, at their first reply in it). The
-- rollups start over: the job folds every message again from the first.
DROP TABLE analytics_counts;
DROP TABLE analytics_replied;
DELETE FROM analytics_durations;
DELETE FROM analytics_conversations;
DELETE FROM analytics_state;
-- Who on staff replied in the conversation's current opening (ids joined by newlines).
ALTER TABLE analytics_conversations ADD COLUMN repliers TEXT NOT NULL DEFAULT '';
CREATE TABLE analytics_keys (
  channel_id INTEGER NOT NULL,
  manager_id TEXT NOT NULL,
  PRIMARY KEY (channel_id, manager_id)
) WITHOUT ROWID;
CREATE TABLE analytics_running (
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
  PRIMARY KEY (channel_id, manager_id, bucket)
) WITHOUT ROWID;
