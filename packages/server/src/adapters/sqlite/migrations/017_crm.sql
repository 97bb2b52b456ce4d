-- Chatdesk schema v17: the built-in CRM (adapters/crm/builtin.ts; S-W-CUST, S-W-PROD, S-W-ORD,
-- S-W-TASK). Its SQL is shared with PostgreSQL (migration 008 there), so money is kept in minor
-- units (kopecks), flags as 0/1 integers and lists as JSON text; `search` columns hold the
-- folded text (ports/search-folding.ts) that LIKE compares. Records keep the CRM's own ids; the
-- chat links a customer of its own to one (`customers.crm_customer_id`).
CREATE TABLE crm_stores (
  code     TEXT PRIMARY KEY,
  name     TEXT NOT NULL,
  position INTEGER NOT NULL
) STRICT;

CREATE TABLE crm_customers (
  id           INTEGER PRIMARY KEY,
  first_name   TEXT NOT NULL,
  last_name    TEXT NOT NULL,
  patronymic   TEXT NOT NULL,
  phones       TEXT NOT NULL,             -- JSON array, as typed
  phone_digits TEXT NOT NULL,             -- ' 79161234567 74951234567 ': each phone's digits
  email        TEXT NOT NULL,
  address      TEXT NOT NULL,
  tags         TEXT NOT NULL,             -- JSON array: 'vip', 'bad'
  store_code   TEXT,
  contacts     TEXT NOT NULL,             -- JSON array of {channel, login}
  search       TEXT NOT NULL,             -- folded names and email
  created_at   INTEGER NOT NULL,
  merged_into  INTEGER                    -- set once merged away: the record is gone for readers
) STRICT;
CREATE INDEX crm_customers_live ON crm_customers (id) WHERE merged_into IS NULL;

CREATE TABLE crm_products (
  id          TEXT PRIMARY KEY,
  store_code  TEXT NOT NULL,
  name        TEXT NOT NULL,
  category    TEXT NOT NULL,
  image       TEXT,
  url         TEXT,
  search      TEXT NOT NULL,
  sort_name   TEXT NOT NULL,             -- the folded name: sorted as a reader expects, not by case
  min_price   INTEGER NOT NULL,          -- the cheapest offer's, for sorting by price
  in_stock    INTEGER NOT NULL,          -- 1 when an offer has stock (or does not count it)
  position    INTEGER NOT NULL
) STRICT;
CREATE INDEX crm_products_store ON crm_products (store_code, sort_name);

CREATE TABLE crm_offers (
  id          TEXT PRIMARY KEY,
  product_id  TEXT NOT NULL REFERENCES crm_products (id),
  name        TEXT NOT NULL,
  article     TEXT NOT NULL,
  price       INTEGER NOT NULL,
  currency    TEXT NOT NULL,
  stock       INTEGER,
  position    INTEGER NOT NULL
) STRICT;
CREATE INDEX crm_offers_product ON crm_offers (product_id, position);

CREATE TABLE crm_delivery_types (
  store_code TEXT NOT NULL,
  code       TEXT NOT NULL,
  name       TEXT NOT NULL,
  cost       INTEGER NOT NULL,
  position   INTEGER NOT NULL,
  PRIMARY KEY (store_code, code)
) STRICT;

CREATE TABLE crm_payment_types (
  store_code TEXT NOT NULL,
  code       TEXT NOT NULL,
  name       TEXT NOT NULL,
  online     INTEGER NOT NULL,
  position   INTEGER NOT NULL,
  PRIMARY KEY (store_code, code)
) STRICT;

CREATE TABLE crm_order_statuses (
  code     TEXT PRIMARY KEY,
  name     TEXT NOT NULL,
  final    INTEGER NOT NULL,
  position INTEGER NOT NULL
) STRICT;

CREATE TABLE crm_orders (
  id              INTEGER PRIMARY KEY,
  store_code      TEXT NOT NULL,
  customer_id     INTEGER NOT NULL REFERENCES crm_customers (id),
  status_code     TEXT NOT NULL REFERENCES crm_order_statuses (code),
  method          TEXT NOT NULL,
  type            TEXT NOT NULL,
  delivery_type   TEXT NOT NULL,
  delivery_name   TEXT NOT NULL,
  delivery_cost   INTEGER NOT NULL,
  delivery_address TEXT NOT NULL,
  delivery_date   TEXT,
  currency        TEXT NOT NULL,
  conversation_id INTEGER,
  pay_token       TEXT NOT NULL,
  created_at      INTEGER NOT NULL
) STRICT;
CREATE INDEX crm_orders_customer ON crm_orders (customer_id, id);
CREATE INDEX crm_orders_conversation ON crm_orders (conversation_id) WHERE conversation_id IS NOT NULL;

CREATE TABLE crm_order_items (
  order_id INTEGER NOT NULL REFERENCES crm_orders (id),
  position INTEGER NOT NULL,
  offer_id TEXT NOT NULL,
  name     TEXT NOT NULL,
  price    INTEGER NOT NULL,
  quantity INTEGER NOT NULL,
  PRIMARY KEY (order_id, position)
) STRICT;

CREATE TABLE crm_payments (
  order_id INTEGER NOT NULL REFERENCES crm_orders (id),
  position INTEGER NOT NULL,
  type     TEXT NOT NULL,
  name     TEXT NOT NULL,
  amount   INTEGER NOT NULL,
  paid     INTEGER NOT NULL,
  PRIMARY KEY (order_id, position)
) STRICT;

CREATE TABLE crm_tasks (
  id           INTEGER PRIMARY KEY,
  text         TEXT NOT NULL,
  deadline     INTEGER,
  performer_id TEXT NOT NULL,
  customer_id  INTEGER REFERENCES crm_customers (id),
  order_id     INTEGER REFERENCES crm_orders (id),
  completed_at INTEGER,
  created_at   INTEGER NOT NULL
) STRICT;
CREATE INDEX crm_tasks_customer ON crm_tasks (customer_id, id);

-- Which CRM customer a chat customer is (S-W-CUST Save and link); null until saved or linked.
ALTER TABLE customers ADD COLUMN crm_customer_id TEXT;
