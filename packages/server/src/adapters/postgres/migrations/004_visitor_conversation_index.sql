-- A visitor's send finds their conversation on a channel (an open one first, else the most
-- recent) by one index walk: the index ends with the ordering columns, so
-- `ORDER BY status DESC, last_activity_at DESC, id DESC` needs no sort ('open' > 'closed').
DROP INDEX conversations_customer;
CREATE INDEX conversations_customer ON conversations (customer_id, channel_id, status, last_activity_at, id);
