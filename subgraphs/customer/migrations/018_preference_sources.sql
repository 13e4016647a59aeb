-- The preferences the legacy systems hold (issue 15 item 1), staged in the hub as consent decisions
-- are (010): each channel declares a reader of its system's preferences (kit/preferences.ts); the
-- hub replaces a system's rows at each read (customer/preferences/stage.ts) and merges them with
-- the statements made through the graph (preference_statement, 017) at read time, one statement
-- per batch of customers (customer/preferences/preferences.repo.ts). The hub names no channel:
-- `system` is the channel definition's word, as in identity_link.
-- A preference belongs to the legacy record it is held on, never to a customer: the customer is
-- found through identity_link, so links, merges and splits apply at once.
CREATE TABLE preference_source_statement (
  system text NOT NULL,
  local_key text NOT NULL,            -- as identity_link.local_key names the record
  preference text NOT NULL,           -- language, favouriteStore, contactHours, contactChannel
  scope text NOT NULL DEFAULT '',
  -- The legacy row it was read from (a callback's id, a receipt's number, or the record's own key).
  source_ref text NOT NULL,
  value text NOT NULL,
  stated_at timestamptz NOT NULL,
  basis text NOT NULL CHECK (basis IN ('declared', 'derived')),
  source text NOT NULL,               -- table.column: contacts.language, customers.preferred_store, TICKET.CODE_MAG…
  staged_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (system, local_key, preference, scope, source_ref)
);

-- When each system's preferences were last read, and how many: an answer can say how fresh it is.
CREATE TABLE preference_source (
  system text PRIMARY KEY,
  staged_at timestamptz NOT NULL DEFAULT now(),
  statements integer NOT NULL
);
