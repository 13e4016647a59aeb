-- Provenance of the golden record: each record's own last change date in its legacy system (store
-- DATE_MAJ read as Europe/Paris, web shop updated_at (UTC), call-centre updated_epoch, marketing
-- updated_at), so every value the API shows says how recent it is. Null until a run has read it.
ALTER TABLE identity_record ADD COLUMN source_changed_at timestamptz NULL;
ALTER TABLE identity_stage_record ADD COLUMN source_changed_at timestamptz NULL;
