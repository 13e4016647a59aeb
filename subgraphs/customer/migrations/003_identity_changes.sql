-- Identity resolution on changes: while the graph runs, each legacy system's identity records that
-- changed since the last pass are read (by a change stamp, and a growing key where there is one;
-- no legacy table is altered) and linked within seconds, by the same rules as the bulk run.

-- Where reading stands in each system. `changed` is the system's own stamp (the store's DATE_MAJ
-- text, epoch seconds elsewhere); `last_id` the highest growing key seen (web account, contact).
-- Moved forward in the same transaction as the links made from what was read, so a failed pass
-- reads the same changes again.
CREATE TABLE identity_cursor (
  system text PRIMARY KEY CHECK (system IN ('store', 'ecommerce', 'callcentre', 'marketing')),
  changed text NULL,
  last_id bigint NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- Bulk runs and passes on changes share the run numbering; a pass that changed nothing leaves no row.
ALTER TABLE identity_run ADD COLUMN kind text NOT NULL DEFAULT 'bulk' CHECK (kind IN ('bulk', 'changes'));

-- Staging rows of a crashed process are recognised by age, whoever staged them.
ALTER TABLE identity_stage_record ADD COLUMN staged_at timestamptz NOT NULL DEFAULT now();
ALTER TABLE identity_stage_identifier ADD COLUMN staged_at timestamptz NOT NULL DEFAULT now();
