-- S-SET-5, as the SQLite adapter's migration 016: agreements to the privacy policy.
CREATE TABLE privacy_consents (
  customer_id bigint NOT NULL REFERENCES customers (id),
  channel_id  bigint NOT NULL REFERENCES channels (id),
  version     text NOT NULL,
  accepted_at bigint NOT NULL,
  PRIMARY KEY (customer_id, channel_id, version)
);
CREATE TABLE conversation_consents (
  conversation_id bigint PRIMARY KEY REFERENCES conversations (id),
  version         text NOT NULL,
  accepted_at     bigint NOT NULL
);
