-- The probabilistic tier of identity resolution (identity/probabilistic.ts, issue 12 item 4): what the
-- deterministic rules cannot decide (no shared e-mail, phone or card), scored Fellegi–Sunter style
-- on name, birth date and postcode. A bulk run estimates the model from the data (u from random
-- pairs, m and the prior by EM over the candidate pairs) and keeps it here; passes on changes score
-- with the latest model. Auto-links are ordinary rules links (identity_link, rule 'probabilistic',
-- evidence with the weight per field); pairs below the auto-link threshold wait for an agent here.

-- Edit distances (levenshtein) and soundex for the name comparison and a blocking key. The embedded
-- PostgreSQL ships the contrib modules; on a server without them this migration fails and says so.
CREATE EXTENSION IF NOT EXISTS fuzzystrmatch;

-- One estimated model per bulk run: the prior (share of matches among candidate pairs) and the
-- thresholds the run applied, in bits of match weight.
CREATE TABLE identity_match_model (
  run_id integer PRIMARY KEY REFERENCES identity_run (id),
  lambda double precision NOT NULL CHECK (lambda > 0 AND lambda < 1),
  prior_weight double precision NOT NULL,
  auto_link_weight double precision NOT NULL,
  review_weight double precision NOT NULL,
  -- Candidate pairs the EM ran over, random pairs u was estimated from, EM iterations and whether
  -- the parameters settled (largest change below 1e-6) before the iteration cap.
  candidate_pairs bigint NOT NULL,
  random_pairs bigint NOT NULL,
  iterations integer NOT NULL,
  converged boolean NOT NULL,
  estimated_at timestamptz NOT NULL DEFAULT now()
);

-- m = P(level | same person), u = P(level | different people), weight = log2(m / u), per field level.
CREATE TABLE identity_match_parameter (
  run_id integer NOT NULL REFERENCES identity_match_model (run_id),
  field text NOT NULL CHECK (field IN ('name', 'birth_date', 'postcode')),
  level text NOT NULL,
  m double precision NOT NULL CHECK (m > 0 AND m <= 1),
  u double precision NOT NULL CHECK (u > 0 AND u <= 1),
  weight double precision NOT NULL,
  PRIMARY KEY (run_id, field, level)
);

-- Pairs of records whose weight reached the review threshold but not auto-linking (or that a guard
-- kept from auto-linking, such as a missing birth date): an agent decides (reviewQueue,
-- decideReview). The pair is ordered (system, local_key) < (other_system, other_local_key). A run
-- refreshes a pending pair's weights; a pair it no longer proposes is `withdrawn`; a decided pair
-- keeps its row (who, when, why, and the identity_decision it made).
CREATE TABLE identity_review (
  id bigserial PRIMARY KEY,
  system text NOT NULL,
  local_key text NOT NULL,
  other_system text NOT NULL,
  other_local_key text NOT NULL,
  weight double precision NOT NULL,
  -- {"name": {"level": "exact", "weight": 11.2}, "birth_date": {...}, "postcode": {...}}; the prior is `prior_weight`.
  fields jsonb NOT NULL,
  prior_weight double precision NOT NULL,
  model_run_id integer NOT NULL REFERENCES identity_match_model (run_id),
  found_by_run integer NOT NULL,
  -- Why it was not linked automatically: below_auto_link, birth_date_not_exact, name_not_close, conflict.
  held_because text NOT NULL,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'linked', 'kept_apart', 'withdrawn')),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  decided_by text NULL CHECK (decided_by <> 'rules'),
  decided_at timestamptz NULL,
  reason text NULL,
  decision_id bigint NULL REFERENCES identity_decision (id),
  CHECK ((system, local_key) < (other_system, other_local_key)),
  CHECK ((status IN ('linked', 'kept_apart')) = (decided_by IS NOT NULL))
);
CREATE UNIQUE INDEX identity_review_pending_pair ON identity_review (system, local_key, other_system, other_local_key) WHERE status = 'pending';
CREATE INDEX identity_review_queue ON identity_review (id) WHERE status = 'pending';
CREATE INDEX identity_review_other ON identity_review (other_system, other_local_key);

-- Blocking keys of the tier, so that a pass on changes finds a new record's candidates among all
-- records by index (probabilistic.sql.ts BLOCK_KEYS; the expressions must stay identical).
CREATE INDEX identity_record_block_surname_birth ON identity_record ((soundex(family_name)), birth_date)
  WHERE family_name IS NOT NULL AND birth_date IS NOT NULL;
CREATE INDEX identity_record_block_postcode_year ON identity_record (postcode, (extract(year FROM birth_date)::int), (left(given_name, 1)))
  WHERE postcode IS NOT NULL AND birth_date IS NOT NULL AND given_name IS NOT NULL;
CREATE INDEX identity_record_block_name_postcode ON identity_record (name_key, postcode)
  WHERE name_key IS NOT NULL AND postcode IS NOT NULL;
