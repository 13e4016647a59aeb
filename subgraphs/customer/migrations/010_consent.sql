-- Consent in force per purpose and contact medium (issue 11 item 1). Every channel declares an
-- extractor of its system's explicit consent decisions (kit/consent.ts); the hub stages them here,
-- replacing a system's rows at each read (customer/consent/stage.ts), and computes the consent in
-- force at read time (customer/consent/in-force.sql.ts), so that it follows every link, merge and
-- split at once, as the shared history does. The hub names no channel: `system` is the word of the
-- channel's definition, as in identity_link.
--
-- A decision belongs to the legacy identity record it was made on (a marketing contact, a web
-- account, a loyalty card), never to a customer: the customer is found through identity_link.
CREATE TABLE consent_decision (
  system text NOT NULL,
  local_key text NOT NULL,            -- as identity_link.local_key names the record
  purpose text NOT NULL CHECK (purpose IN ('newsletter', 'offers', 'profiling', 'partners')),
  medium text NOT NULL CHECK (medium IN ('email', 'sms', 'post', 'phone')),
  -- The legacy row the decision was read from (mk_consent.id, or the record's own key for a flag).
  source_ref text NOT NULL,
  granted boolean NOT NULL,
  decided_at timestamptz NOT NULL,
  source text NOT NULL,               -- short code: WEB_FORM, STORE_TABLET, CALL, IMPORT, NEWSLETTER_FLAG, OPT_SMS…
  staged_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (system, local_key, purpose, medium, source_ref)
);

-- When each system's decisions were last read, and how many: a consent answer can say how fresh it is.
CREATE TABLE consent_source (
  system text PRIMARY KEY,
  staged_at timestamptz NOT NULL DEFAULT now(),
  decisions integer NOT NULL
);

-- A record's whole link history (not only the link in force): the rule for merges needs to know
-- since when a record has been, without a break, one of its customer's records.
CREATE INDEX identity_link_by_record ON identity_link (system, local_key, linked_at);
