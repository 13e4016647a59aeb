-- The legacy systems are the registry's (subgraphs/index.ts, issue 10), not a list written in the
-- hub's tables: a channel registered later links identities and journals touchpoints without a
-- migration of its own. The four CHECKs that named the first systems give way to one on the form of
-- a system name (the registry checks the names themselves when it loads: subgraphs/channels.ts).
ALTER TABLE identity_link DROP CONSTRAINT IF EXISTS identity_link_system_check;
ALTER TABLE identity_record DROP CONSTRAINT IF EXISTS identity_record_system_check;
ALTER TABLE identity_cursor DROP CONSTRAINT IF EXISTS identity_cursor_system_check;
ALTER TABLE touchpoint DROP CONSTRAINT IF EXISTS touchpoint_source_system_check;

ALTER TABLE identity_link ADD CONSTRAINT identity_link_system_name CHECK (system ~ '^[a-z][a-z0-9_]{1,30}$');
ALTER TABLE identity_record ADD CONSTRAINT identity_record_system_name CHECK (system ~ '^[a-z][a-z0-9_]{1,30}$');
ALTER TABLE identity_cursor ADD CONSTRAINT identity_cursor_system_name CHECK (system ~ '^[a-z][a-z0-9_]{1,30}$');
ALTER TABLE touchpoint ADD CONSTRAINT touchpoint_source_system_name CHECK (source_system ~ '^[a-z][a-z0-9_]{1,30}$');
