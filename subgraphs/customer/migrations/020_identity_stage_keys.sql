-- The staging tables are read by record within a run (issue 12): a run's statements look a staged
-- record or its identifiers up by (run, system, key) — the "mailless" test of every address
-- (link.sql.ts CREATE_ADDRESSES), a pass's context records, the unchanged re-reads
-- (DROP_UNCHANGED_STAGED). With only (run_id) indexed, each lookup read the run's rows whole: fine
-- while the planner knew the run's size, quadratic when the table's statistics had been taken
-- between two small passes (a 10,000-person bulk run spent 203 s in one statement). The new indexes
-- start with run_id, so they replace the old ones.
CREATE INDEX identity_stage_record_key ON identity_stage_record (run_id, system, local_key);
DROP INDEX identity_stage_record_run;
CREATE INDEX identity_stage_identifier_key ON identity_stage_identifier (run_id, system, local_key, kind);
DROP INDEX identity_stage_identifier_run;
