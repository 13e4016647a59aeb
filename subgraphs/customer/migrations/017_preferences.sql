-- Preferences stated through the graph (issue 15: Customer.preferences, updatePreferences,
-- suggestedChannel). Most preferences live in a legacy system (the call centre's language, the web
-- shop's preferred store, consents) and are read there, with their source; this table holds the
-- statements made through the graph, including those no legacy system can hold (the channel a
-- customer prefers for a task, their contact hours). Each statement says who made it and when, so
-- "the most recent explicit statement wins" can compare it with the legacy systems' own dates.
-- Erasure deletes a customer's rows; export lists them.
CREATE TABLE preference_statement (
  id bigserial PRIMARY KEY,
  customer_id uuid NOT NULL REFERENCES customer (id),
  -- What is preferred: contactChannel, language, contactHours, favouriteStore, …
  preference text NOT NULL,
  -- What it is preferred for, when it depends on something: the task (TouchpointRole: SELL,
  -- AFTER_SALES, PROMOTION, INFORMATION) a contact channel is preferred for. '' when it does not.
  scope text NOT NULL DEFAULT '',
  value jsonb NOT NULL,
  stated_at timestamptz NOT NULL DEFAULT now(),
  -- The principal, by role and subject: customer:<id>, agent:<name>. No other personal data.
  stated_by text NOT NULL,
  -- The outbox request that wrote the statement through to the legacy systems holding it, if any.
  request_id uuid NULL REFERENCES outbox_request (id),
  -- Set when a later statement of the same preference and scope replaces this one (kept for history).
  superseded_at timestamptz NULL
);
CREATE UNIQUE INDEX preference_statement_current
  ON preference_statement (customer_id, preference, scope) WHERE superseded_at IS NULL;
