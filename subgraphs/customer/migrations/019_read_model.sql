-- Read models (issue 14 item 2, kit/read-model.ts): where a legacy owner refuses an index the index
-- contract asks for, a deployment may turn on (READ_MODEL) a narrow copy of that table's
-- (foreign key, primary key) here, in the hub, so that a customer's rows are found by primary key
-- instead of by reading the legacy table whole. Opt-in, per table; empty when none is on.
-- No personal data beyond what identity_link already holds: a card number, an account or contact
-- id, and a legacy row's number.
CREATE TABLE read_model_key (
  -- '<system>.<table>', e.g. 'store.TICKET' (a name a channel declares; the hub names none).
  model text NOT NULL CHECK (model ~ '^[a-z][a-z0-9_]*\.[A-Za-z_][A-Za-z0-9_]*$'),
  -- The legacy row's primary key (an integer that grows with time).
  pk bigint NOT NULL,
  -- Its foreign key (the card, account, contact …) as text; rows without one are not copied.
  fk text NOT NULL,
  PRIMARY KEY (model, pk)
);
-- The lookup: a batch's foreign keys to their rows' primary keys, index-only.
CREATE INDEX read_model_key_lookup ON read_model_key (model, fk, pk);

CREATE TABLE read_model_state (
  model text PRIMARY KEY,
  -- Every legacy row up to this primary key is copied (settled: no transaction may still commit
  -- below it); the channels read rows above it from the legacy table by primary-key range.
  settled bigint NULL,
  refreshed_at timestamptz NULL,
  -- The reconcile cycle under way (foreign keys changed, rows deleted): compared through this key,
  -- started at this time; reconciled_at is the start of the last complete cycle (every change made
  -- before it is in the copy).
  reconcile_from bigint NOT NULL DEFAULT -9223372036854775808,
  cycle_started_at timestamptz NULL,
  reconciled_at timestamptz NULL
);
