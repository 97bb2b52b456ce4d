-- conversations_customer back to (customer_id, channel_id, status): with 004's ordering columns
-- every send's touch (last_activity_at changes) also rewrote this index, to save a one-row sort
-- on visitor sends only.
DROP INDEX conversations_customer;
CREATE INDEX conversations_customer ON conversations (customer_id, channel_id, status);
