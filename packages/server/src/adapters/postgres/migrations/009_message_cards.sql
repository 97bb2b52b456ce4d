-- S-W-PROD, S-W-ORD: product and order cards in messages. A message keeps the cards as the
-- protocol shows them (JSON text), a snapshot of the CRM at the send.
ALTER TABLE messages ADD COLUMN cards text;
