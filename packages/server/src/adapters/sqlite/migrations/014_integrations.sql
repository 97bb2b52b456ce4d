-- Chatdesk schema v14 (S-CH-2): messenger integration modules and their channels. A module is an
-- outside service with its own token (only its SHA-256 is kept) and webhook secret; it registers
-- channels (their capabilities as the protocol's JSON) and speaks for their customers, each known
-- by the channel's external id.
CREATE TABLE integration_modules (
  id             INTEGER PRIMARY KEY,
  code           TEXT NOT NULL UNIQUE,
  name           TEXT NOT NULL,
  token_hash     TEXT NOT NULL UNIQUE,
  webhook_url    TEXT,
  webhook_secret TEXT NOT NULL,
  created_at     INTEGER NOT NULL
) STRICT;
ALTER TABLE channels ADD COLUMN module_id INTEGER REFERENCES integration_modules (id);
ALTER TABLE channels ADD COLUMN code TEXT;
ALTER TABLE channels ADD COLUMN capabilities TEXT;
CREATE UNIQUE INDEX channels_module_code ON channels (module_id, code) WHERE module_id IS NOT NULL;
CREATE TABLE customer_identities (
  channel_id  INTEGER NOT NULL REFERENCES channels (id),
  external_id TEXT NOT NULL,
  customer_id INTEGER NOT NULL REFERENCES customers (id),
  created_at  INTEGER NOT NULL,
  PRIMARY KEY (channel_id, external_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX customer_identities_customer ON customer_identities (customer_id);
-- The ids of the signed calls modules made lately: a replayed call (the same webhook-id within
-- the signature's five minutes) is refused.
CREATE TABLE module_call_ids (
  module_id INTEGER NOT NULL,
  call_id   TEXT NOT NULL,
  seen_at   INTEGER NOT NULL,
  PRIMARY KEY (module_id, call_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX module_call_ids_seen ON module_call_ids (seen_at);
-- The outbox (S-CH-2): what goes to a module's webhook, written in the transaction of the change
-- it carries, posted after the commit, retried until the module takes it. `webhook_id` is the
-- Standard Webhooks id, the same on every retry (the module dedupes by it).
CREATE TABLE outbox (
  id              INTEGER PRIMARY KEY,
  module_id       INTEGER NOT NULL REFERENCES integration_modules (id),
  conversation_id INTEGER NOT NULL,
  message_id      INTEGER,
  webhook_id      TEXT NOT NULL UNIQUE,
  type            TEXT NOT NULL,
  body            TEXT NOT NULL,
  state           TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'delivered', 'failed')),
  attempts        INTEGER NOT NULL DEFAULT 0,
  next_at         INTEGER NOT NULL,
  last_error      TEXT,
  created_at      INTEGER NOT NULL,
  done_at         INTEGER
) STRICT;
-- Each conversation's queue in order (its head goes first), and what is due.
CREATE INDEX outbox_pending ON outbox (conversation_id, id) WHERE state = 'pending';
CREATE INDEX outbox_due ON outbox (next_at) WHERE state = 'pending';
