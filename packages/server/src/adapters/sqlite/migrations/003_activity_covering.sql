-- The welcome snapshot of someone who sees every conversation walks the activity index newest
-- first until it has found enough unread conversations; with message_count in the index that
-- walk reads no table rows. (The index changes with every message anyway: last_activity_at
-- does.)
DROP INDEX conversations_activity;
CREATE INDEX conversations_activity ON conversations (last_activity_at DESC, id DESC, message_count);
