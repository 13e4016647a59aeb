-- Identity resolution: the hub's normalised copy of every identity-bearing legacy record, the
-- look-up table from any normalised identifier to a record (and, through identity_link, to a
-- customer), households, and the manual decisions that the rules must never undo.

-- A customer whose records were all absorbed by another customer (two components became one) keeps
-- its row, since nothing is deleted, and says where its records went: an id handed out earlier
-- (to an agent, in a log, in a downstream system) still leads to the person.
ALTER TABLE customer ADD COLUMN merged_into uuid NULL REFERENCES customer (id);

-- One row per identity-bearing legacy record (a loyalty card, a web account, a call-centre contact,
-- a marketing contact), as last read by a resolution run. Values are normalised (normalise.ts).
-- Receipts, orders and calls are not here: they are not identities; they reach a customer through
-- the card, account or contact they carry, and when they carry none they belong to nobody.
CREATE TABLE identity_record (
  system text NOT NULL CHECK (system IN ('store', 'ecommerce', 'callcentre', 'marketing')),
  local_key text NOT NULL,
  given_name text NULL,
  family_name text NULL,
  -- Blocking key of the name (normalise.ts nameKey): first name and surname, each as one word,
  -- sorted, so that `DUPONT Marie` and `Marie Dupont` meet here. Not a decision: see name_readings.
  name_key text NULL,
  -- Every `first|last` reading the record's name allows: one when first name and surname are
  -- separate fields or the surname is marked by capitals (`DUPONT Marie`), both orders of every
  -- split otherwise (`Marie Dupont` typed by an agent). Two names are compatible when they share a
  -- reading (normalise.ts namesCompatible, made set-based: array overlap). Empty: no full name.
  name_readings text[] NOT NULL DEFAULT '{}',
  birth_date date NULL,
  postcode text NULL,
  -- Store family account (NUM_FOYER): cards sharing it are one household.
  family_account text NULL,
  -- Closed cards and soft-deleted web accounts stay linked (their history is the customer's) but
  -- are flagged, so that no channel offers a closed card or a deleted account as a live contact.
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'closed', 'deleted')),
  -- Values found but not usable as identifiers (an invalid card number, an unparseable phone…):
  -- kept as codes, never as the values, so the explanation of a non-link is stored too.
  ignored text[] NOT NULL DEFAULT '{}',
  first_seen_at timestamptz NOT NULL DEFAULT now(),
  -- Last time a run found the record changed.
  updated_at timestamptz NOT NULL DEFAULT now(),
  -- Set when a run no longer finds the record in its legacy system (rows are never deleted here).
  missing_since timestamptz NULL,
  PRIMARY KEY (system, local_key)
);
CREATE INDEX identity_record_name ON identity_record (name_key) WHERE name_key IS NOT NULL;

-- Normalised identifier → record: the one table customerByIdentifier needs (join identity_link on
-- system, local_key for the customer). `holder` is the record's own identifier (a card's number, a
-- contact's e-mail); `reference` points at another system's record (a web account's loyalty card,
-- a marketing contact's external_ref). Only valid values are stored: an invalid card number or
-- phone cannot be looked up, because it was never a safe way to recognise anyone. A phone number
-- may lead to several customers (a household's landline): the caller gets candidates, not a guess.
-- Postal addresses are not here: they establish households, they do not identify a person.
CREATE TABLE identity_identifier (
  kind text NOT NULL CHECK (kind IN ('email', 'phone', 'card', 'ecommerce_account', 'callcentre_contact', 'marketing_contact')),
  value text NOT NULL,
  system text NOT NULL,
  local_key text NOT NULL,
  role text NOT NULL CHECK (role IN ('holder', 'reference')),
  PRIMARY KEY (kind, value, system, local_key, role)
);
CREATE INDEX identity_identifier_by_record ON identity_identifier (system, local_key);

-- Decisions taken by a person (agent, privacy officer), which every rules run obeys and never
-- undoes. Links a person made are the identity_link rows with decided_by <> 'rules'; this table
-- holds the rest and the audit of all of them:
--   keep_apart  (record, other record): the rules never put these two records in one customer;
--   unlink      (record, customer): the rules never link this record to this customer again;
--   link, merge, split, refuse_recognition: audit of the mutations that made manual links or set
--   customer.refuses_recognition (their effect lives in identity_link and customer).
-- A decision is withdrawn by setting revoked_at, never by deleting it.
CREATE TABLE identity_decision (
  id bigserial PRIMARY KEY,
  kind text NOT NULL CHECK (kind IN ('link', 'unlink', 'merge', 'split', 'keep_apart', 'refuse_recognition')),
  system text NULL,
  local_key text NULL,
  other_system text NULL,
  other_local_key text NULL,
  customer_id uuid NULL REFERENCES customer (id),
  other_customer_id uuid NULL REFERENCES customer (id),
  decided_by text NOT NULL CHECK (decided_by <> 'rules'),
  reason text NOT NULL,
  decided_at timestamptz NOT NULL DEFAULT now(),
  revoked_at timestamptz NULL,
  CHECK (kind <> 'keep_apart' OR (system IS NOT NULL AND local_key IS NOT NULL AND other_system IS NOT NULL AND other_local_key IS NOT NULL)),
  CHECK (kind <> 'unlink' OR (system IS NOT NULL AND local_key IS NOT NULL AND customer_id IS NOT NULL))
);
CREATE INDEX identity_decision_active ON identity_decision (kind) WHERE revoked_at IS NULL;

-- The customer's identities as the API shows them: active links with the record's flags
-- (closed card, deleted account) and normalised name, so one join answers `Customer.identities`.
CREATE VIEW customer_identity AS
SELECT l.customer_id, l.system, l.local_key, l.rule, l.evidence, l.linked_at, l.decided_by, l.reason,
       coalesce(r.status, 'active') AS record_status, r.missing_since
FROM identity_link l
LEFT JOIN identity_record r ON r.system = l.system AND r.local_key = l.local_key
WHERE l.unlinked_at IS NULL;

-- People sharing a home. Kept apart from identity: a shared phone makes a household, not a person.
CREATE TABLE household (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  created_at timestamptz NOT NULL DEFAULT now(),
  -- Set when a run finds no member left (the row stays: earlier answers may have named it).
  dissolved_at timestamptz NULL
);

-- Membership, with how it was established; history is kept (left_at) like identity links.
CREATE TABLE household_member (
  id bigserial PRIMARY KEY,
  household_id uuid NOT NULL REFERENCES household (id),
  customer_id uuid NOT NULL REFERENCES customer (id),
  -- holder: the card the family account is named after; member: everyone else.
  role text NOT NULL CHECK (role IN ('holder', 'member')),
  -- family_card (shared NUM_FOYER) and/or shared_phone_address (one phone and one postal address
  -- for customers with different names).
  established_by text[] NOT NULL,
  evidence jsonb NOT NULL DEFAULT '{}',
  joined_at timestamptz NOT NULL DEFAULT now(),
  left_at timestamptz NULL,
  decided_by text NOT NULL DEFAULT 'rules',
  reason text NULL
);
CREATE UNIQUE INDEX household_member_one_active ON household_member (customer_id) WHERE left_at IS NULL;
CREATE INDEX household_member_by_household ON household_member (household_id) WHERE left_at IS NULL;

-- One row per bulk run: what it read and did (counts and timings only, never personal data).
CREATE TABLE identity_run (
  id serial PRIMARY KEY,
  started_at timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz NULL,
  report jsonb NULL
);

-- Staging for a run: the legacy records as extracted and normalised in Node, loaded by COPY.
-- Unlogged (rebuilt from the legacy systems at will, no WAL cost) and tagged with the run, so two
-- runs started by mistake at the same time cannot read each other's rows.
CREATE UNLOGGED TABLE identity_stage_record (
  run_id integer NOT NULL,
  system text NOT NULL,
  local_key text NOT NULL,
  given_name text NULL,
  family_name text NULL,
  name_key text NULL,
  name_readings text[] NOT NULL,
  birth_date date NULL,
  postcode text NULL,
  family_account text NULL,
  status text NOT NULL,
  ignored text[] NOT NULL
);
CREATE INDEX identity_stage_record_run ON identity_stage_record (run_id);

CREATE UNLOGGED TABLE identity_stage_identifier (
  run_id integer NOT NULL,
  kind text NOT NULL,
  value text NOT NULL,
  system text NOT NULL,
  local_key text NOT NULL,
  role text NOT NULL
);
CREATE INDEX identity_stage_identifier_run ON identity_stage_identifier (run_id);
