-- Privacy requests (issue 11 items 5 and 6): restriction of processing and erasure. The requests
-- themselves, their per-system steps and receipts live in the outbox (009); these tables hold what
-- the hub enforces and keeps as evidence. No personal data here: customer ids, principals, dates,
-- request ids and short reasons written by the privacy officer (codes, not narratives).

-- A customer whose processing is restricted (GDPR art. 18): every role but the privacy officer
-- reads nothing of them (customer/privacy/restriction.ts). One row per customer: the state in
-- force. Lifting keeps the row (restricted = false) so the last change stays visible.
CREATE TABLE privacy_restriction (
  customer_id uuid PRIMARY KEY REFERENCES customer (id),
  restricted boolean NOT NULL,
  changed_at timestamptz NOT NULL DEFAULT now(),
  changed_by text NOT NULL,
  reason text NOT NULL
);
CREATE INDEX privacy_restriction_in_force ON privacy_restriction (customer_id) WHERE restricted;

-- Every change of restriction, for the privacy officer's evidence (who, when, why).
CREATE TABLE privacy_restriction_event (
  id bigserial PRIMARY KEY,
  customer_id uuid NOT NULL REFERENCES customer (id),
  restricted boolean NOT NULL,
  changed_at timestamptz NOT NULL DEFAULT now(),
  changed_by text NOT NULL,
  reason text NOT NULL
);
CREATE INDEX privacy_restriction_event_by_customer ON privacy_restriction_event (customer_id, changed_at);

-- A customer erased in the hub (the erasure's `customer` step): the customer row stays as a
-- tombstone (access_log, identity_decision and household rows name its id), `customer(id)` answers
-- null. Written in the same transaction as the hub's erasure, so a re-run finds it.
CREATE TABLE customer_erasure (
  customer_id uuid PRIMARY KEY REFERENCES customer (id),
  request_id uuid NOT NULL REFERENCES outbox_request (id),
  erased_at timestamptz NOT NULL DEFAULT now()
);
