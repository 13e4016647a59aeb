-- "My right not to be known" (issue 11 item 3): a customer refuses to be recognised across systems.
-- A refusal applies to a person, that is to the legacy records linked to them when they refuse: each
-- record is marked here, the person is split into one customer per record (recognition/), and every
-- rules run leaves marked records out of every pair and every household edge (identity/*.sql.ts).
-- Records, not customers, carry the mark: after the split there is one customer per record, and a
-- later run may give a record another customer id, the mark stays with the record.
--
-- One row per record and refusal. The records that refused together share `decision_id` (the
-- audited `refuse_recognition` decision): withdrawing the refusal from any of their customers lifts
-- the marks of the whole group. Rows are never deleted: a withdrawal sets withdrawn_at.
CREATE TABLE recognition_refusal (
  id bigserial PRIMARY KEY,
  system text NOT NULL CHECK (system ~ '^[a-z][a-z0-9_]{1,30}$'),
  local_key text NOT NULL,
  -- The refusal this record belongs to (its group), and the customer the records formed then.
  decision_id bigint NOT NULL REFERENCES identity_decision (id),
  customer_id uuid NOT NULL REFERENCES customer (id),
  refused_at timestamptz NOT NULL DEFAULT now(),
  withdrawn_at timestamptz NULL,
  withdrawal_decision_id bigint NULL REFERENCES identity_decision (id),
  -- Set by the first rules run that took the record back into the rules after the withdrawal: until
  -- then a pass on changes takes it into its scope even though its legacy row did not change.
  relinked_at timestamptz NULL,
  CHECK ((withdrawn_at IS NULL) = (withdrawal_decision_id IS NULL))
);
CREATE UNIQUE INDEX recognition_refusal_in_force ON recognition_refusal (system, local_key) WHERE withdrawn_at IS NULL;
CREATE INDEX recognition_refusal_by_decision ON recognition_refusal (decision_id) WHERE withdrawn_at IS NULL;
CREATE INDEX recognition_refusal_to_relink ON recognition_refusal (system, local_key) WHERE withdrawn_at IS NOT NULL AND relinked_at IS NULL;

-- The withdrawal of a refusal is a decision too (who, why), beside `refuse_recognition`.
ALTER TABLE identity_decision DROP CONSTRAINT IF EXISTS identity_decision_kind_check;
ALTER TABLE identity_decision ADD CONSTRAINT identity_decision_kind_check
  CHECK (kind IN ('link', 'unlink', 'merge', 'split', 'keep_apart', 'refuse_recognition', 'accept_recognition'));

-- The guarantee every cross-channel field rests on: a record whose refusal is in force is the only
-- record of its customer. The rules never break it (they leave such records out); this trigger
-- refuses any statement that would — a link or merge made by hand onto such a customer, a rules run
-- racing a refusal — so history, golden record and consents of that customer can only ever hold one
-- system's data. One check per statement, driven by the (few) refusals in force.
CREATE FUNCTION recognition_refusal_alone() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (
    SELECT 1
      FROM recognition_refusal r
      JOIN identity_link l ON l.system = r.system AND l.local_key = r.local_key AND l.unlinked_at IS NULL
     WHERE r.withdrawn_at IS NULL
       AND l.customer_id IN (SELECT customer_id FROM new_links WHERE unlinked_at IS NULL)
       AND EXISTS (SELECT 1 FROM identity_link o WHERE o.customer_id = l.customer_id AND o.unlinked_at IS NULL AND o.id <> l.id)
  ) THEN
    RAISE EXCEPTION 'a record whose owner refuses recognition cannot be linked with another record'
      USING ERRCODE = 'check_violation', HINT = 'withdraw the refusal first (setRecognition)';
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER identity_link_refusal_alone AFTER INSERT ON identity_link
  REFERENCING NEW TABLE AS new_links FOR EACH STATEMENT EXECUTE FUNCTION recognition_refusal_alone();
