-- The golden record shows names as the legacy record writes them (trimmed), next to the normalised
-- forms identity resolution compares. Null until a run has read the record.
ALTER TABLE identity_record ADD COLUMN given_name_display text NULL, ADD COLUMN family_name_display text NULL;
ALTER TABLE identity_stage_record ADD COLUMN given_name_display text NULL, ADD COLUMN family_name_display text NULL;
