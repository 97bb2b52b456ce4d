-- Chatdesk schema v20 (S-CH-3): the distribution bot saves new customers in the CRM
-- (`distributionBot.saveNewCustomers`). One row per chat customer, ever: its insert is the claim,
-- so however many nodes hear of a new conversation (or conversations of one customer), one CRM
-- customer is created. `next_at` is when the next attempt may start; an attempt under way holds
-- it in the future (its lease), a failed one sets the retry's time. `attempts` counts the
-- attempts started and fences a late answer of one whose lease ran out. The same SQL reads both
-- adapters (adapters/crm-auto-saves-sql.ts).
CREATE TABLE crm_auto_saves (
  customer_id     INTEGER PRIMARY KEY REFERENCES customers (id),
  conversation_id INTEGER NOT NULL,
  state           TEXT NOT NULL CHECK (state IN ('pending', 'saved', 'skipped', 'given_up')),
  attempts        INTEGER NOT NULL,
  next_at         INTEGER NOT NULL,
  crm_customer_id TEXT,
  last_error      TEXT,
  created_at      INTEGER NOT NULL,
  done_at         INTEGER
) STRICT;
CREATE INDEX crm_auto_saves_due ON crm_auto_saves (next_at) WHERE state = 'pending';
