-- S-CH-3, as the SQLite adapter's migration 020: the distribution bot saves new customers in the
-- CRM (`distributionBot.saveNewCustomers`). One row per chat customer, ever: its insert is the
-- claim, so however many nodes hear of a new conversation, one CRM customer is created.
-- `next_at`: when the next attempt may start (an attempt's lease, or the retry's time);
-- `attempts` fences a late answer of an attempt whose lease ran out (adapters/crm-auto-saves-sql.ts).
CREATE TABLE crm_auto_saves (
  customer_id     bigint PRIMARY KEY REFERENCES customers (id),
  conversation_id bigint NOT NULL,
  state           text NOT NULL CHECK (state IN ('pending', 'saved', 'skipped', 'given_up')),
  attempts        integer NOT NULL,
  next_at         bigint NOT NULL,
  crm_customer_id text,
  last_error      text,
  created_at      bigint NOT NULL,
  done_at         bigint
);
CREATE INDEX crm_auto_saves_due ON crm_auto_saves (next_at) WHERE state = 'pending';
