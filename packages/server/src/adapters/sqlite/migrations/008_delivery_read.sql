-- S-DLG-13: the read report moves `delivered` messages (besides queued and sent ones, which
-- messages_undelivered finds) to `read`: this keeps that step an index range of the few
-- messages waiting for it, not a walk through the whole conversation on every markRead.
CREATE INDEX messages_delivered ON messages (conversation_id, id) WHERE status = 'delivered';
