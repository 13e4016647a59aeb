-- Analysts' counts (interactionCounts) without scanning the journal: the number of entries per
-- Paris calendar day and per channel, reason, role and store, kept by triggers on `touchpoint` in
-- the same transaction as every write, so it is never behind and never needs a rebuild. At 100,000
-- people the journal holds ~3.2 M entries; this table ~1/50 of that as narrow rows.
--
-- Whole Paris days of a query's range are counted from here; the partial days at its edges (a
-- `since` or `until` that is not a Paris midnight) from the journal itself, on its time index (see
-- journal.repo.ts interactionCounts). Counts filtered by customer never come here: a customer's
-- entries are few and found through their links.
--
-- The counts are of every entry, linked to a customer or not (anonymous receipts count), so link
-- changes never touch this table.
CREATE TABLE touchpoint_daily (
  day date NOT NULL,            -- (occurred_at AT TIME ZONE 'Europe/Paris')::date
  channel text NOT NULL,
  reason text NOT NULL,
  role text NOT NULL,
  store_code text NULL,         -- place_code when place_kind = 'STORE', else NULL
  entries bigint NOT NULL,      -- may reach 0 after updates or deletes; readers skip those rows
  CONSTRAINT touchpoint_daily_key UNIQUE NULLS NOT DISTINCT (day, channel, reason, role, store_code)
);

-- Adds the signed counts of a change set. Rows are upserted in key order so that two feeds'
-- transactions touching the same days lock them in the same order (no deadlock).
CREATE FUNCTION touchpoint_daily_apply() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO touchpoint_daily AS d (day, channel, reason, role, store_code, entries)
    SELECT (n.occurred_at AT TIME ZONE 'Europe/Paris')::date, n.channel, n.reason, n.role,
           CASE WHEN n.place_kind = 'STORE' THEN n.place_code END, count(*)
      FROM new_rows n
     GROUP BY 1, 2, 3, 4, 5
     ORDER BY 1, 2, 3, 4, 5
    ON CONFLICT ON CONSTRAINT touchpoint_daily_key DO UPDATE SET entries = d.entries + EXCLUDED.entries;
  ELSIF TG_OP = 'UPDATE' THEN
    INSERT INTO touchpoint_daily AS d (day, channel, reason, role, store_code, entries)
    SELECT day, channel, reason, role, store_code, sum(delta)
      FROM (SELECT (n.occurred_at AT TIME ZONE 'Europe/Paris')::date AS day, n.channel, n.reason, n.role,
                   CASE WHEN n.place_kind = 'STORE' THEN n.place_code END AS store_code, 1 AS delta
              FROM new_rows n
            UNION ALL
            SELECT (o.occurred_at AT TIME ZONE 'Europe/Paris')::date, o.channel, o.reason, o.role,
                   CASE WHEN o.place_kind = 'STORE' THEN o.place_code END, -1
              FROM old_rows o) change
     GROUP BY 1, 2, 3, 4, 5
    HAVING sum(delta) <> 0
     ORDER BY 1, 2, 3, 4, 5
    ON CONFLICT ON CONSTRAINT touchpoint_daily_key DO UPDATE SET entries = d.entries + EXCLUDED.entries;
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO touchpoint_daily AS d (day, channel, reason, role, store_code, entries)
    SELECT (o.occurred_at AT TIME ZONE 'Europe/Paris')::date, o.channel, o.reason, o.role,
           CASE WHEN o.place_kind = 'STORE' THEN o.place_code END, -count(*)
      FROM old_rows o
     GROUP BY 1, 2, 3, 4, 5
     ORDER BY 1, 2, 3, 4, 5
    ON CONFLICT ON CONSTRAINT touchpoint_daily_key DO UPDATE SET entries = d.entries + EXCLUDED.entries;
  ELSIF TG_OP = 'TRUNCATE' THEN
    TRUNCATE touchpoint_daily;
  END IF;
  RETURN NULL;
END $$;

-- Statement-level with transition tables: one aggregate per batch of the ingester (5,000 entries),
-- not one per row. (A trigger with transition tables may name one event only, hence three.)
CREATE TRIGGER touchpoint_daily_on_insert AFTER INSERT ON touchpoint
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION touchpoint_daily_apply();
CREATE TRIGGER touchpoint_daily_on_update AFTER UPDATE ON touchpoint
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION touchpoint_daily_apply();
CREATE TRIGGER touchpoint_daily_on_delete AFTER DELETE ON touchpoint
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION touchpoint_daily_apply();
CREATE TRIGGER touchpoint_daily_on_truncate AFTER TRUNCATE ON touchpoint
  FOR EACH STATEMENT EXECUTE FUNCTION touchpoint_daily_apply();

-- Journals filled before this migration.
INSERT INTO touchpoint_daily (day, channel, reason, role, store_code, entries)
SELECT (occurred_at AT TIME ZONE 'Europe/Paris')::date, channel, reason, role,
       CASE WHEN place_kind = 'STORE' THEN place_code END, count(*)
  FROM touchpoint
 GROUP BY 1, 2, 3, 4, 5;
