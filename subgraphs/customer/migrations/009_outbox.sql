-- The hub's one durable outbox for writes to legacy systems (privacy requests, "tell us once"
-- write-through): a request is recorded here first, then applied system by system by that
-- system's code (subgraphs/customer/outbox/). A system being down delays its step, never loses it.
-- The outbox knows no channel by name: `kind` and `system` are the caller's words.
CREATE TABLE outbox_request (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  kind text NOT NULL,                  -- e.g. erasure, export, contact_update
  -- The caller's key: submitting it again returns this request instead of making a second one.
  idempotency_key text NOT NULL,
  requested_by text NOT NULL,          -- principal, e.g. privacy_officer:alice
  requested_at timestamptz NOT NULL DEFAULT now(),
  -- What to apply. May hold personal data (a new e-mail address): set to NULL once every step is
  -- done (payload_scrubbed_at), leaving `summary`, which must not.
  payload jsonb NULL,
  -- sha256 of the canonical payload and systems: a second submission with the same key and a
  -- different content is refused. Cleared with the payload (a hash of an e-mail address can be
  -- guessed back), after which the key can no longer be compared and is refused.
  fingerprint text NULL,
  summary jsonb NULL,
  payload_scrubbed_at timestamptz NULL,
  UNIQUE (kind, idempotency_key),
  CHECK ((payload_scrubbed_at IS NULL) = (fingerprint IS NOT NULL))
);
CREATE INDEX outbox_request_by_time ON outbox_request (requested_at DESC, id DESC);

-- One step per target system. A worker claims a due step (FOR UPDATE SKIP LOCKED) by taking a
-- lease it renews while the step runs; a worker killed with -9 stops renewing, the lease expires
-- and another worker claims the step again (handlers are idempotent: outbox.ts).
CREATE TABLE outbox_step (
  request_id uuid NOT NULL REFERENCES outbox_request (id),
  system text NOT NULL,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'done', 'failed')),
  attempts integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL DEFAULT now(),
  last_attempt_at timestamptz NULL,
  lease_owner text NULL,
  lease_until timestamptz NULL,
  -- Error code and class only (ECONNREFUSED, 55000, PermanentStepError: <reason>): no personal data.
  last_error text NULL,
  done_at timestamptz NULL,
  failed_at timestamptz NULL,
  -- What the system's code did (rows touched, conflicts), without personal data.
  receipt jsonb NULL,
  PRIMARY KEY (request_id, system),
  CHECK ((status = 'done') = (done_at IS NOT NULL)),
  CHECK ((status = 'failed') = (failed_at IS NOT NULL))
);
-- The workers' question: which pending steps are due.
CREATE INDEX outbox_step_due ON outbox_step (next_attempt_at) WHERE status = 'pending';
