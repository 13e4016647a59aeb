-- The shared history: an index of every touchpoint of every channel, fed from each channel's
-- legacy tables read incrementally (feeds). The details stay in the legacy systems; an entry
-- points at the full record, which the owning subgraph resolves.
--
-- An entry is attached to the legacy IDENTITY record it belongs to (a card, a web account, a
-- call-centre contact, a marketing contact), not to a customer: the customer is found through
-- identity_link at read time, so the history follows every link, merge, split or unlink at once,
-- and an entry whose identity is not linked yet appears as soon as a link does. Anonymous receipts
-- and unidentified calls have no identity (NULLs): they belong to nobody but still count for analysts.
CREATE TABLE touchpoint (
  id bigserial PRIMARY KEY,
  -- Where it comes from, unique: re-reading a range of a feed adds nothing twice.
  source_system text NOT NULL CHECK (source_system IN ('store', 'ecommerce', 'callcentre', 'marketing')),
  source_kind text NOT NULL,          -- e.g. receipt, return, points, order, cart, search, review, call, ticket_event, callback, message_sent, message_opened, message_clicked, unsubscribe, coupon_redeemed, consent
  source_key text NOT NULL,           -- the legacy row's key (with a suffix when one row yields several touchpoints)
  occurred_at timestamptz NOT NULL,
  channel text NOT NULL,              -- schema/common.ts Channel
  reason text NOT NULL,               -- schema/common.ts Reason
  role text NOT NULL,                 -- schema/common.ts TouchpointRole
  place_kind text NULL,               -- STORE | QUEUE | CAMPAIGN | WEB
  place_code text NULL,               -- store code, queue, campaign id
  summary text NOT NULL,              -- short, no personal data (no notes, no names)
  amount_minor bigint NULL,
  currency char(3) NULL,
  record_type text NOT NULL,          -- the entity resolving the full record: Receipt, Order, Cart, Review, Search, Call, Ticket, CallbackWindow, Message, Coupon, MarketingConsent, LoyaltyMovement
  record_key text NOT NULL,           -- that entity's key
  identity_system text NULL,          -- the identity record it belongs to (NULL: nobody)
  identity_key text NULL,
  ingested_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (source_system, source_kind, source_key),
  CHECK ((identity_system IS NULL) = (identity_key IS NULL))
);
-- A customer's page: their identities' entries, newest first.
CREATE INDEX touchpoint_by_identity ON touchpoint (identity_system, identity_key, occurred_at DESC, id DESC);
-- Analysts: time ranges with channel / reason filters.
CREATE INDEX touchpoint_by_time ON touchpoint (occurred_at DESC, id DESC);
CREATE INDEX touchpoint_by_channel_reason ON touchpoint (channel, reason, occurred_at);
CREATE INDEX touchpoint_by_place ON touchpoint (place_kind, place_code, occurred_at);

-- Where each feed stands: resumable, moved only after its batch is in the journal (at least once;
-- the UNIQUE key makes a re-read harmless).
CREATE TABLE touchpoint_feed_cursor (
  feed text PRIMARY KEY,              -- e.g. store.receipts
  position jsonb NOT NULL,            -- the feed's own cursor (growing key, or change date + key)
  updated_at timestamptz NOT NULL DEFAULT now()
);
