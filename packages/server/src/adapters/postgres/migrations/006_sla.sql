-- S-SLA-1, as the SQLite adapter's migration 015: the customer's last unanswered message
-- (`sla_since`) and the next moment the conversation's SLA marker changes (`sla_due_at`).
ALTER TABLE conversations ADD COLUMN sla_since bigint;
ALTER TABLE conversations ADD COLUMN sla_due_at bigint;
UPDATE conversations SET sla_since = last_activity_at, sla_due_at = last_activity_at
  WHERE waiting_since IS NOT NULL AND status = 'open' AND kind = 'customer';
CREATE INDEX conversations_sla_due ON conversations (sla_due_at) WHERE sla_due_at IS NOT NULL;
-- The running clocks alone (few of all conversations): the SLA filter and counts start here.
CREATE INDEX conversations_sla_running ON conversations (sla_since) WHERE sla_since IS NOT NULL;
