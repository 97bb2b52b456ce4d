-- Chatdesk schema v16 (S-SET-5): a customer's agreement to a version of the privacy policy on a
-- channel, and the agreement a conversation was opened under (time and the policy's version).
CREATE TABLE privacy_consents (
  customer_id INTEGER NOT NULL REFERENCES customers (id),
  channel_id  INTEGER NOT NULL REFERENCES channels (id),
  version     TEXT NOT NULL,
  accepted_at INTEGER NOT NULL,
  PRIMARY KEY (customer_id, channel_id, version)
);
CREATE TABLE conversation_consents (
  conversation_id INTEGER PRIMARY KEY REFERENCES conversations (id),
  version         TEXT NOT NULL,
  accepted_at     INTEGER NOT NULL
);
