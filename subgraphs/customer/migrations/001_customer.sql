-- The hub's own schema: one customer id behind every legacy identifier.
CREATE TABLE customer (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  created_at timestamptz NOT NULL DEFAULT now(),
  -- "My right not to be known": when true, identity rules leave this person's records unlinked.
  refuses_recognition boolean NOT NULL DEFAULT false
);

-- A link from one legacy record to a customer, with the rule and evidence that made it.
-- Nothing is deleted: an undone link gets unlinked_at and stays in the history of links.
CREATE TABLE identity_link (
  id bigserial PRIMARY KEY,
  customer_id uuid NOT NULL REFERENCES customer (id),
  system text NOT NULL CHECK (system IN ('store', 'ecommerce', 'callcentre', 'marketing')),
  local_key text NOT NULL,
  rule text NOT NULL,
  evidence jsonb NOT NULL DEFAULT '{}',
  linked_at timestamptz NOT NULL DEFAULT now(),
  unlinked_at timestamptz NULL,
  decided_by text NOT NULL DEFAULT 'rules',
  reason text NULL
);
CREATE UNIQUE INDEX identity_link_one_active ON identity_link (system, local_key) WHERE unlinked_at IS NULL;
CREATE INDEX identity_link_by_customer ON identity_link (customer_id) WHERE unlinked_at IS NULL;
