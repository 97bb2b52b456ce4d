-- Chatdesk schema v14: conversations_customer back to (customer_id, channel_id, status). Migration
-- 012 added the ordering columns so a visitor's conversation lookup needed no sort, but
-- last_activity_at changes with every message: each send's touch then rewrote one more index
-- entry (profile: the touch +~25 %) to save a one-row sort (~5 µs) on visitor sends only.
DROP INDEX conversations_customer;
CREATE INDEX conversations_customer ON conversations (customer_id, channel_id, status);
