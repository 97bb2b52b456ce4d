-- S-DLG-5: system notices (opened, assigned, closed, …) are never the list's preview, nor unread:
-- from now on a notice leaves `last_message_id` and `message_count` alone (services/lifecycle.ts).
-- A conversation whose preview was a notice shows the newest message someone wrote instead (none:
-- no preview). Notices stored before keep the ordinals they had: read cursors already count them.
UPDATE conversations SET last_message_id = (
  SELECT max(m.id) FROM messages m WHERE m.conversation_id = conversations.id AND m.author_kind <> 'system'
) WHERE last_message_id IN (SELECT id FROM messages WHERE author_kind = 'system');
