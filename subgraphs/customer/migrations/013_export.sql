-- A customer's export (issue 11 item 4): what every system holds about them, one row per export
-- request and system section, written by that request's outbox step (kind 'export',
-- subgraphs/customer/export/). Personal data: it lives here, never in the outbox's receipts (which
-- must hold none); the API hands it only to the principal who requested it (outbox_request
-- .requested_by), and only once every section is made. Kept 7 days from the request
-- (expires_at), then deleted (export.repo.ts purgeExpiredExports: by every export step and every
-- read of an export).
CREATE TABLE export_section (
  request_id uuid NOT NULL REFERENCES outbox_request (id),
  -- The step's system: a legacy system's name, or `customer` for the hub's own tables.
  system text NOT NULL,
  customer_id uuid NOT NULL,
  -- json, not jsonb: the columns stay in their table's order and every value as the system stores it.
  section json NOT NULL,
  made_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  PRIMARY KEY (request_id, system)
);
-- The purge's question: which sections are past their retention.
CREATE INDEX export_section_expiry ON export_section (expires_at);
