-- Presence shared by the nodes of one database (adapters/postgres/presence.ts): each node keeps a
-- lease and the users and web customers with a welcomed session on its sockets. A node that dies
-- stops renewing: its rows stop counting when the lease ends, and the next node to renew
-- removes them.
CREATE TABLE presence_nodes (
  node       text PRIMARY KEY,
  expires_at bigint NOT NULL  -- ms since the epoch
);
CREATE TABLE presence (
  node    text NOT NULL REFERENCES presence_nodes (node) ON DELETE CASCADE,
  subject text NOT NULL,  -- 'u:<user id>' or 'c:<customer id>'
  -- A web customer whose last session here closed is 'leaving' for the S-DLG-13 grace.
  state   text NOT NULL DEFAULT 'online' CHECK (state IN ('online', 'leaving')),
  PRIMARY KEY (node, subject)
);
