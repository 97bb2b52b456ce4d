-- Chatdesk schema v12: a visitor's send finds their conversation on a channel (an open one first,
-- else the most recent) by one index walk. The index ends with the ordering columns, so
-- `ORDER BY status DESC, last_activity_at DESC, id DESC` needs no sort ('open' > 'closed');
-- the send path paid a temporary B-tree for every message before.
DROP INDEX conversations_customer;
CREATE INDEX conversations_customer ON conversations (customer_id, channel_id, status, last_activity_at, id);
