-- Chatdesk schema v19 (S-QR-1..4): quick replies and their categories. `search` holds the folded
-- command, title and text (ports/search-folding.ts); names are unique in any case through
-- `name_key` (lower case), commands are kept lower case.
CREATE TABLE quick_reply_categories (
  id       INTEGER PRIMARY KEY,
  name     TEXT NOT NULL,
  name_key TEXT NOT NULL UNIQUE
);
CREATE TABLE quick_replies (
  id          INTEGER PRIMARY KEY,
  command     TEXT NOT NULL UNIQUE,
  title       TEXT NOT NULL,
  text        TEXT NOT NULL,
  category_id INTEGER REFERENCES quick_reply_categories (id),
  search      TEXT NOT NULL,
  updated_at  INTEGER NOT NULL
);
