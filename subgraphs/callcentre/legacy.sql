-- callcentre_legacy: the 2008 telephony (CTI) and ticketing tool, exactly as
-- shared/legacy/README.md specifies. Used only to create development and test databases.
CREATE TABLE contacts (
  contact_id serial PRIMARY KEY,
  phone varchar(20) NOT NULL,
  alt_phone varchar(20) NULL,
  email varchar(120) NULL,
  full_name varchar(80) NOT NULL,
  postcode varchar(10) NULL,
  language char(2) NOT NULL,
  vip boolean NOT NULL,
  created_epoch bigint NOT NULL,
  updated_epoch bigint NOT NULL
);

CREATE TABLE calls (
  call_id bigserial PRIMARY KEY,
  contact_id integer NULL,
  ani varchar(20) NOT NULL,
  direction char(1) NOT NULL,
  queue varchar(20) NOT NULL,
  agent_id varchar(10) NOT NULL,
  start_epoch bigint NOT NULL,
  duration_s integer NOT NULL,
  reason_code varchar(6) NOT NULL,
  outcome varchar(10) NOT NULL,
  notes text NOT NULL
);

CREATE TABLE tickets (
  ticket_id serial PRIMARY KEY,
  contact_id integer NOT NULL,
  opened_epoch bigint NOT NULL,
  closed_epoch bigint NULL,
  status varchar(10) NOT NULL,
  category varchar(12) NOT NULL,
  subject varchar(120) NOT NULL,
  order_ref varchar(12) NULL,
  priority smallint NOT NULL,
  satisfaction smallint NULL
);

CREATE TABLE ticket_events (
  id bigserial PRIMARY KEY,
  ticket_id integer NOT NULL,
  at_epoch bigint NOT NULL,
  kind varchar(10) NOT NULL,
  author varchar(10) NOT NULL,
  body text NOT NULL
);

CREATE TABLE callbacks (
  id serial PRIMARY KEY,
  contact_id integer NOT NULL,
  requested_epoch bigint NOT NULL,
  window_start time NOT NULL,
  window_end time NOT NULL,
  done boolean NOT NULL
);
