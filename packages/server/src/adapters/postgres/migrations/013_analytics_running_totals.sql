-- S-AN-1, as the SQLite adapter's migration 022: the counts are kept as running totals per channel and manager — a
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
ALTER TABLE analytics_conversations ADD COLUMN repliers text NOT NULL DEFAULT '';
CREATE TABLE analytics_keys (
  channel_id bigint NOT NULL,
  manager_id text NOT NULL,
  PRIMARY KEY (channel_id, manager_id)
);
CREATE TABLE analytics_running (
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
  PRIMARY KEY (channel_id, manager_id, bucket)
);
