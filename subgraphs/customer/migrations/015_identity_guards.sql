-- Guarded deterministic rules (identity/rules.ts), one canonical form per identifier kind, and
-- conflicts cut at their weakest edge.

-- A phone number that is possible but in no range assigned today is kept (E.164) with valid =
-- false: a signal for the explanation and for cuts, never a filter. Other kinds are always true.
ALTER TABLE identity_stage_identifier ADD COLUMN valid boolean NOT NULL DEFAULT true;
ALTER TABLE identity_identifier ADD COLUMN valid boolean NOT NULL DEFAULT true;

-- The look-up table also keeps two kinds that identify nobody alone, so that a pass on changes sees
-- a context record the way a bulk run does: `email_loose` (Gmail's dots and +tag folded, a weaker
-- key that only supports a link) and `address` (a home, for the shared-identifier guard and
-- households). Neither is offered to callers: customerByIdentifier asks for e-mail or phone.
ALTER TABLE identity_identifier DROP CONSTRAINT IF EXISTS identity_identifier_kind_check;
ALTER TABLE identity_identifier ADD CONSTRAINT identity_identifier_kind_check
  CHECK (kind IN ('email', 'email_loose', 'phone', 'card', 'ecommerce_account', 'callcentre_contact', 'marketing_contact', 'address'));
CREATE INDEX identity_identifier_address ON identity_identifier (value) WHERE kind = 'address';
