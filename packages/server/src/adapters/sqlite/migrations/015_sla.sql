-- Chatdesk schema v15 (S-SLA-1): the SLA clock of a conversation. `sla_since` is the customer's
-- last message not yet answered by a manager (null once answered or closed); `sla_due_at` is
-- the next moment its marker changes (the warning, then the processing time; null: none), which
-- the SLA job (jobs/sla.ts) takes in order. Conversations waiting now start their clock at their
-- last activity, due at once, so the first run works out their markers.
ALTER TABLE conversations ADD COLUMN sla_since INTEGER;
ALTER TABLE conversations ADD COLUMN sla_due_at INTEGER;
UPDATE conversations SET sla_since = last_activity_at, sla_due_at = last_activity_at
  WHERE waiting_since IS NOT NULL AND status = 'open' AND kind = 'customer';
CREATE INDEX conversations_sla_due ON conversations (sla_due_at) WHERE sla_due_at IS NOT NULL;
-- The running clocks alone (few of all conversations): the SLA filter and counts start here.
CREATE INDEX conversations_sla_running ON conversations (sla_since) WHERE sla_since IS NOT NULL;
