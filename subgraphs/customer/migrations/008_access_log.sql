-- Who read a customer's personal data (issue 9): one row per client request and customer, merged
-- from every subgraph that served part of the request (the gateway's request id is shared). The
-- data itself is never stored: which principal, which customer, which classes of data, when, why.
CREATE TABLE access_log (
  id bigserial PRIMARY KEY,
  request_id text NOT NULL,
  customer_id uuid NOT NULL,
  subject text NOT NULL,
  role text NOT NULL,
  -- What the client declared (x-purpose), null when it declared nothing.
  purpose text NULL,
  data_classes text[] NOT NULL,
  subgraphs text[] NOT NULL,
  read_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (request_id, customer_id)
);
-- The privacy officer's and the customer's question: who read this customer, newest first.
CREATE INDEX access_log_by_customer ON access_log (customer_id, read_at DESC, id DESC);
