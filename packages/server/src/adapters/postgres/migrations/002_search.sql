-- Search (S-DLG-3) with the SQLite adapter's behaviour. Messages: the folded words of each text
-- (ports/search-folding.ts searchWords, computed by the adapter) as a tsvector built from the
-- array itself (array_to_tsvector: no parser, no dictionary, so the words are exactly the ones
-- SQLite's FTS5 holds), queried by prefix lexemes; system and deleted messages hold none.
-- Customers: the folded search key under a trigram index (pg_trgm, kept in `public` so that every
-- schema of the database shares the one extension), matched by LIKE '%term%'.
ALTER TABLE messages ADD COLUMN search tsvector;
CREATE INDEX messages_search ON messages USING gin (search);

CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public;
CREATE INDEX customers_search ON customers USING gin (search_key public.gin_trgm_ops);
