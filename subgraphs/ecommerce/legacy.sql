-- ecommerce_legacy: the 2012 web shop, exactly as shared/legacy/README.md specifies.
-- Used only to create development and test databases; production points at the real system.
CREATE TABLE customers (
  id serial PRIMARY KEY,
  email varchar(255) NOT NULL,
  password_hash varchar(100) NOT NULL,
  first_name varchar(60) NOT NULL,
  last_name varchar(60) NOT NULL,
  phone varchar(30) NULL,
  birth_date date NULL,
  loyalty_card varchar(20) NULL,
  preferred_store char(4) NULL,
  newsletter boolean NOT NULL,
  created_at timestamp NOT NULL,
  updated_at timestamp NOT NULL,
  deleted_at timestamp NULL
);

CREATE TABLE addresses (
  id serial PRIMARY KEY,
  customer_id integer NOT NULL,
  kind varchar(10) NOT NULL,
  line1 varchar(120) NOT NULL,
  line2 varchar(120) NOT NULL,
  postcode varchar(10) NOT NULL,
  city varchar(60) NOT NULL,
  country char(2) NOT NULL,
  is_default boolean NOT NULL
);

CREATE TABLE orders (
  id serial PRIMARY KEY,
  reference varchar(12) NOT NULL,
  customer_id integer NOT NULL,
  status varchar(20) NOT NULL,
  total_amount numeric(10,2) NOT NULL,
  currency char(3) NOT NULL,
  placed_at timestamp NOT NULL,
  updated_at timestamp NOT NULL,
  shipping_address_id integer NULL,
  click_and_collect_store char(4) NULL
);

CREATE TABLE order_items (
  id serial PRIMARY KEY,
  order_id integer NOT NULL,
  sku varchar(20) NOT NULL,
  ean char(13) NOT NULL,
  name varchar(120) NOT NULL,
  quantity integer NOT NULL,
  unit_price numeric(10,2) NOT NULL
);

CREATE TABLE carts (
  id serial PRIMARY KEY,
  customer_id integer NOT NULL,
  created_at timestamp NOT NULL,
  updated_at timestamp NOT NULL,
  converted_order_id integer NULL
);

CREATE TABLE cart_items (
  cart_id integer NOT NULL,
  sku varchar(20) NOT NULL,
  ean char(13) NOT NULL,
  name varchar(120) NOT NULL,
  quantity integer NOT NULL,
  unit_price numeric(10,2) NOT NULL
);

CREATE TABLE reviews (
  id serial PRIMARY KEY,
  customer_id integer NOT NULL,
  sku varchar(20) NOT NULL,
  rating smallint NOT NULL,
  title varchar(120) NOT NULL,
  body text NOT NULL,
  created_at timestamp NOT NULL,
  published boolean NOT NULL
);

CREATE TABLE searches (
  id bigserial PRIMARY KEY,
  customer_id integer NULL,
  session_id varchar(40) NOT NULL,
  query text NOT NULL,
  searched_at timestamp NOT NULL
);

CREATE TABLE payment_methods (
  id serial PRIMARY KEY,
  customer_id integer NOT NULL,
  brand varchar(10) NOT NULL,
  last4 char(4) NOT NULL,
  exp_month smallint NOT NULL,
  exp_year smallint NOT NULL,
  created_at timestamp NOT NULL
);
