-- marketing_legacy: the 2015 campaign tool, exactly as shared/legacy/README.md specifies.
-- Used only to create development and test databases; production points at the real system.
CREATE TABLE mk_contact (
  contact_uuid uuid PRIMARY KEY,
  email varchar(254) NULL,
  email_sha256 char(64) NULL,
  mobile_e164 varchar(16) NULL,
  first_name varchar(60) NULL,
  last_name varchar(60) NULL,
  postcode varchar(10) NULL,
  country char(2) NULL,
  source varchar(10) NOT NULL,
  external_ref varchar(40) NULL,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);

CREATE TABLE mk_consent (
  id bigserial PRIMARY KEY,
  contact_uuid uuid NOT NULL,
  channel varchar(6) NOT NULL,
  purpose varchar(10) NOT NULL,
  granted boolean NOT NULL,
  at timestamptz NOT NULL,
  source varchar(12) NOT NULL
);

CREATE TABLE mk_campaign (
  campaign_id serial PRIMARY KEY,
  name varchar(120) NOT NULL,
  channel varchar(6) NOT NULL,
  kind varchar(8) NOT NULL,
  sent_at timestamptz NOT NULL,
  coupon_prefix varchar(8) NULL
);

CREATE TABLE mk_message (
  message_id bigserial PRIMARY KEY,
  campaign_id integer NOT NULL,
  contact_uuid uuid NOT NULL,
  sent_at timestamptz NOT NULL,
  opened_at timestamptz NULL,
  clicked_at timestamptz NULL,
  bounced boolean NOT NULL,
  unsubscribed_at timestamptz NULL
);

CREATE TABLE mk_segment (
  segment_id serial PRIMARY KEY,
  name varchar(80) NOT NULL,
  rule_text text NOT NULL
);

CREATE TABLE mk_segment_member (
  segment_id integer NOT NULL,
  contact_uuid uuid NOT NULL,
  added_at timestamptz NOT NULL
);

CREATE TABLE mk_coupon (
  code varchar(20) PRIMARY KEY,
  campaign_id integer NOT NULL,
  contact_uuid uuid NOT NULL,
  issued_at timestamptz NOT NULL,
  redeemed_at timestamptz NULL,
  redeemed_channel varchar(6) NULL,
  redeemed_ref varchar(20) NULL
);
