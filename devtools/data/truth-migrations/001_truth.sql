-- The data generator's answer key, kept apart from every legacy table and from the hub:
-- identity resolution never reads it; scoring (npm run identity:score) and tests do.
CREATE TABLE generation (
  id serial PRIMARY KEY,
  seed integer NOT NULL,
  people integer NOT NULL,
  generated_at timestamptz NOT NULL DEFAULT now(),
  row_counts jsonb NOT NULL
);

-- One real person of the generated world.
CREATE TABLE person (
  person_id integer PRIMARY KEY,
  household_id integer NULL,          -- people sharing a home (couple, family card)
  cases text[] NOT NULL DEFAULT '{}'   -- identity cases of shared/legacy/README.md this person carries
);

-- Which legacy record belongs to which person. system: store.card (NUM_CARTE),
-- ecommerce.customer (customers.id), callcentre.contact (contact_id), marketing.contact (contact_uuid).
CREATE TABLE record_owner (
  system text NOT NULL,
  local_key text NOT NULL,
  person_id integer NOT NULL REFERENCES person (person_id),
  PRIMARY KEY (system, local_key)
);
CREATE INDEX record_owner_person ON record_owner (person_id);
