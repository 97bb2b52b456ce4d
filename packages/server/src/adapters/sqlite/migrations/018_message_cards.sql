-- Chatdesk schema v18 (S-W-PROD, S-W-ORD): product and order cards in messages. A message keeps
-- the cards as the protocol shows them (JSON), a snapshot of the CRM at the send.
ALTER TABLE messages ADD COLUMN cards TEXT;
