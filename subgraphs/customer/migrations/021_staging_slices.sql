-- Incremental staging of consent decisions and preferences (issue 14, "idle means idle";
-- kit/sliced-read.ts). Each staged row says which slice of its legacy system it was read from (a
-- hash of the record's key, 0-255), and the hub keeps, per staged table, system and slice, the
-- digest the legacy database answered when that slice was last staged. A pass asks every source
-- for its digests (one statement, nothing else travels), re-reads only the slices whose digest
-- moved and replaces only their rows. Rows staged before this migration have no slice: the first
-- pass after it finds no digest, reads every system whole and gives them one.
ALTER TABLE consent_decision ADD COLUMN slice smallint;
ALTER TABLE preference_source_statement ADD COLUMN slice smallint;
-- A partial pass removes, among the slices it read, the rows no longer there.
CREATE INDEX consent_decision_slice ON consent_decision (system, slice);
CREATE INDEX preference_source_statement_slice ON preference_source_statement (system, slice);

CREATE TABLE staging_digest (
  staged_table text NOT NULL,        -- consent_decision, preference_source_statement
  system text NOT NULL,
  slice smallint NOT NULL,
  digest text NOT NULL,              -- the read's recipe, the slice's row count and hash sum: no personal data
  staged_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (staged_table, system, slice)
);
