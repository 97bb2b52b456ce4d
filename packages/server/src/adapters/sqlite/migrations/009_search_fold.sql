-- Chatdesk schema v9 (S-DLG-3): search folds the same way on both sides and only what is meant
-- (storage/fold.ts: NFC, case, «ё» → «е»). Before, the query lost every diacritic («й» → «и»)
-- while unicode61 kept «й» in the index, so «Добрый» found nothing; and the tokenizers folded
-- Latin diacritics on their own («cafe» found «café»).
--
-- Messages: the index holds the folded words of each message, separated by spaces; the
-- tokenizer adds no folding of its own (remove_diacritics 0) and cuts words where fold.ts does
-- (letters, digits, marks, private use). Deleted messages (blanked) and system notices stay out.
DROP TABLE messages_fts;
CREATE VIRTUAL TABLE messages_fts USING fts5(
  text, content='', contentless_delete=1,
  tokenize="unicode61 remove_diacritics 0 categories 'L* N* Co M*'"
);
INSERT INTO messages_fts (rowid, text)
  SELECT id, chat_search_text(text) FROM messages WHERE author_kind <> 'system' AND deleted_at IS NULL;

-- Customers: every search key recomputed (the triggers of 005 update the old index row by row),
-- then the trigram index rebuilt case-sensitive: the key is folded already, so the tokenizer
-- must not fold it (nor a query) any further.
UPDATE customers SET search_key = chat_search_key(name, phone, email)
  WHERE search_key IS NOT chat_search_key(name, phone, email);
DROP TABLE customers_fts;
CREATE VIRTUAL TABLE customers_fts USING fts5(
  search_key, content='customers', content_rowid='id', tokenize='trigram case_sensitive 1'
);
INSERT INTO customers_fts (customers_fts) VALUES ('rebuild');
