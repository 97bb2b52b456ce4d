-- Chatdesk schema v12 (S-DLG-3): messages reach the search index in batches after their send
-- (adapters/sqlite/repo.ts, catchUpIndex) instead of inside it. Everything stored so far is
-- indexed; from here on, meta `search_indexed_through` says how far the index has come.
INSERT INTO meta (key, value) VALUES ('search_indexed_through', (SELECT CAST(coalesce(max(id), 0) AS TEXT) FROM messages))
  ON CONFLICT (key) DO UPDATE SET value = excluded.value;
