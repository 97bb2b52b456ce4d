-- Chatdesk schema v5: customers found by any part of their name, phone or email (S-DLG-3)
-- through a trigram index over customers.search_key (already folded: lower case, no
-- diacritics, ё → е, phone digits), instead of a LIKE that reads every customer. External
-- content: the text stays in customers; triggers keep the index in step in the same transaction.
CREATE VIRTUAL TABLE customers_fts USING fts5(search_key, content='customers', content_rowid='id', tokenize='trigram');
INSERT INTO customers_fts (customers_fts) VALUES ('rebuild');

CREATE TRIGGER customers_fts_insert AFTER INSERT ON customers BEGIN
  INSERT INTO customers_fts (rowid, search_key) VALUES (new.id, new.search_key);
END;
CREATE TRIGGER customers_fts_update AFTER UPDATE OF search_key ON customers BEGIN
  INSERT INTO customers_fts (customers_fts, rowid, search_key) VALUES ('delete', old.id, old.search_key);
  INSERT INTO customers_fts (rowid, search_key) VALUES (new.id, new.search_key);
END;
CREATE TRIGGER customers_fts_delete AFTER DELETE ON customers BEGIN
  INSERT INTO customers_fts (customers_fts, rowid, search_key) VALUES ('delete', old.id, old.search_key);
END;
