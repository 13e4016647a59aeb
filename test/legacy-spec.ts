// The four legacy systems' tables, transcribed by hand from /work/shared/legacy/README.md, table by
// table and column by column. Deliberately NOT derived from `subgraphs/*/legacy.sql`: the README
// is the contract with the teams that own those systems, the DDL is our reproduction of it, and
// `legacy-schema.test.ts` compares what PostgreSQL built from the DDL with this independent copy.
// If the two disagree, one of them is wrong: find out which before touching either.
//
// Conventions of the transcription:
// - types are spelled the way information_schema reports them (`character(4)` for char(4),
//   `character varying(60)` for varchar(60), `timestamp without time zone` for timestamp,
//   `timestamp with time zone` for timestamptz, `time without time zone` for time);
// - `serial` is `integer` with a sequence default, `bigserial` is `bigint` with one;
// - a column is nullable only where the README writes `null`; every other column is NOT NULL
//   (the README writes an empty value as "or empty", which is an empty string, not null);
// - a table's primary key is the column(s) the README marks `PK`; tables without one have none;
// - columns are in the README's order, `LAT, LON` and `created_at, updated_at` expanded in place.
import type { LegacySystem } from '../subgraphs/kit/databases';

export interface ColumnSpec {
  name: string;
  /** As information_schema would spell it, with length or precision: `character varying(60)`. */
  type: string;
  nullable: boolean;
  /** Filled by a sequence (`serial`, `bigserial`): the legacy application never supplies it. */
  serial: boolean;
}

export interface TableSpec {
  columns: ColumnSpec[];
  /** Primary key columns in key order; empty when the README states none. */
  primaryKey: string[];
}

export type SystemSpec = Record<string, TableSpec>;

// Spellings of the README's types in information_schema terms.
const char = (length: number): string => `character(${length})`;
const varchar = (length: number): string => `character varying(${length})`;
const numeric = (precision: number, scale: number): string => `numeric(${precision},${scale})`;
const SMALLINT = 'smallint';
const INTEGER = 'integer';
const BIGINT = 'bigint';
const BOOLEAN = 'boolean';
const DATE = 'date';
const TEXT = 'text';
const UUID = 'uuid';
const TIME = 'time without time zone';
const TIMESTAMP = 'timestamp without time zone';
const TIMESTAMPTZ = 'timestamp with time zone';

/** A NOT NULL column. */
const col = (name: string, type: string): ColumnSpec => ({ name, type, nullable: false, serial: false });
/** A column the README marks `null`. */
const nul = (name: string, type: string): ColumnSpec => ({ name, type, nullable: true, serial: false });
const serial = (name: string): ColumnSpec => ({ name, type: INTEGER, nullable: false, serial: true });
const bigserial = (name: string): ColumnSpec => ({ name, type: BIGINT, nullable: false, serial: true });

const table = (primaryKey: string[], ...columns: ColumnSpec[]): TableSpec => ({ columns, primaryKey });

// ---------------------------------------------------------------------------------------------
// 1. Store — store_legacy. Quoted, upper-case names.
const store: SystemSpec = {
  MAGASIN: table(
    ['CODE_MAG'],
    col('CODE_MAG', char(4)),
    col('LIBELLE', varchar(60)),
    col('VILLE', varchar(40)),
    col('CP', char(5)),
    col('LAT', numeric(9, 6)),
    col('LON', numeric(9, 6)),
    col('OUVERT', char(1)),
  ),
  CARTE_FIDELITE: table(
    ['NUM_CARTE'],
    col('NUM_CARTE', char(13)),
    col('CIVILITE', varchar(4)),
    col('NOM', varchar(40)),
    col('PRENOM', varchar(40)),
    col('TEL', varchar(20)),
    nul('EMAIL', varchar(80)),
    col('ADR1', varchar(80)),
    col('CP', char(5)),
    col('VILLE', varchar(40)),
    col('DATE_NAIS', char(8)),
    col('DATE_CREATION', char(8)),
    col('MAG_CREATION', char(4)),
    nul('NUM_FOYER', char(13)),
    col('STATUT', char(1)),
    col('OPT_SMS', char(1)),
    col('DATE_MAJ', char(14)),
  ),
  TICKET: table(
    ['NUM_TICKET'],
    col('NUM_TICKET', BIGINT), // "bigint PK": numbered by the tills, not a sequence
    col('CODE_MAG', char(4)),
    col('DATE_TICKET', char(8)),
    col('HEURE_TICKET', char(6)),
    col('NUM_CAISSE', SMALLINT),
    nul('NUM_CARTE', char(13)),
    col('MONTANT_TTC_CTS', INTEGER),
    col('MODE_PAIEMENT', char(2)),
    col('TYPE', char(1)),
  ),
  LIGNE_TICKET: table(
    ['NUM_TICKET', 'NUM_LIGNE'],
    col('NUM_TICKET', BIGINT),
    col('NUM_LIGNE', SMALLINT),
    col('EAN', char(13)),
    col('LIBELLE_ART', varchar(60)),
    col('QTE', INTEGER),
    col('PU_TTC_CTS', INTEGER),
  ),
  MOUVEMENT_POINTS: table(
    ['ID_MVT'],
    bigserial('ID_MVT'),
    col('NUM_CARTE', char(13)),
    col('DATE_MVT', char(8)),
    col('POINTS', INTEGER),
    col('MOTIF', varchar(10)),
    nul('DATE_EXPIRATION', char(8)),
    nul('NUM_TICKET', BIGINT),
  ),
};

// ---------------------------------------------------------------------------------------------
// 2. E-commerce — ecommerce_legacy.
const ecommerce: SystemSpec = {
  customers: table(
    ['id'],
    serial('id'),
    col('email', varchar(255)),
    col('password_hash', varchar(100)),
    col('first_name', varchar(60)),
    col('last_name', varchar(60)),
    nul('phone', varchar(30)),
    nul('birth_date', DATE),
    nul('loyalty_card', varchar(20)),
    nul('preferred_store', char(4)),
    col('newsletter', BOOLEAN),
    col('created_at', TIMESTAMP),
    col('updated_at', TIMESTAMP),
    nul('deleted_at', TIMESTAMP),
  ),
  addresses: table(
    ['id'],
    serial('id'),
    col('customer_id', INTEGER),
    col('kind', varchar(10)),
    col('line1', varchar(120)),
    col('line2', varchar(120)), // not marked null in the README: an absent second line is ''
    col('postcode', varchar(10)),
    col('city', varchar(60)),
    col('country', char(2)),
    col('is_default', BOOLEAN),
  ),
  orders: table(
    ['id'],
    serial('id'),
    col('reference', varchar(12)),
    col('customer_id', INTEGER),
    col('status', varchar(20)),
    col('total_amount', numeric(10, 2)),
    col('currency', char(3)),
    col('placed_at', TIMESTAMP),
    col('updated_at', TIMESTAMP),
    nul('shipping_address_id', INTEGER),
    nul('click_and_collect_store', char(4)),
  ),
  order_items: table(
    ['id'],
    serial('id'),
    col('order_id', INTEGER),
    col('sku', varchar(20)),
    col('ean', char(13)),
    col('name', varchar(120)),
    col('quantity', INTEGER),
    col('unit_price', numeric(10, 2)),
  ),
  carts: table(
    ['id'],
    serial('id'),
    col('customer_id', INTEGER),
    col('created_at', TIMESTAMP),
    col('updated_at', TIMESTAMP),
    nul('converted_order_id', INTEGER),
  ),
  cart_items: table(
    [],
    col('cart_id', INTEGER),
    col('sku', varchar(20)),
    col('ean', char(13)),
    col('name', varchar(120)),
    col('quantity', INTEGER),
    col('unit_price', numeric(10, 2)),
  ),
  reviews: table(
    ['id'],
    serial('id'),
    col('customer_id', INTEGER),
    col('sku', varchar(20)),
    col('rating', SMALLINT),
    col('title', varchar(120)),
    col('body', TEXT),
    col('created_at', TIMESTAMP),
    col('published', BOOLEAN),
  ),
  searches: table(
    ['id'],
    bigserial('id'),
    nul('customer_id', INTEGER),
    col('session_id', varchar(40)),
    col('query', TEXT),
    col('searched_at', TIMESTAMP),
  ),
  payment_methods: table(
    ['id'],
    serial('id'),
    col('customer_id', INTEGER),
    col('brand', varchar(10)),
    col('last4', char(4)),
    col('exp_month', SMALLINT),
    col('exp_year', SMALLINT),
    col('created_at', TIMESTAMP),
  ),
};

// ---------------------------------------------------------------------------------------------
// 3. Call centre — callcentre_legacy.
const callcentre: SystemSpec = {
  contacts: table(
    ['contact_id'],
    serial('contact_id'),
    col('phone', varchar(20)),
    nul('alt_phone', varchar(20)),
    nul('email', varchar(120)),
    col('full_name', varchar(80)),
    nul('postcode', varchar(10)),
    col('language', char(2)),
    col('vip', BOOLEAN),
    col('created_epoch', BIGINT),
    col('updated_epoch', BIGINT),
  ),
  calls: table(
    ['call_id'],
    bigserial('call_id'),
    nul('contact_id', INTEGER),
    col('ani', varchar(20)),
    col('direction', char(1)),
    col('queue', varchar(20)),
    col('agent_id', varchar(10)),
    col('start_epoch', BIGINT),
    col('duration_s', INTEGER),
    col('reason_code', varchar(6)),
    col('outcome', varchar(10)),
    col('notes', TEXT),
  ),
  tickets: table(
    ['ticket_id'],
    serial('ticket_id'),
    col('contact_id', INTEGER),
    col('opened_epoch', BIGINT),
    nul('closed_epoch', BIGINT),
    col('status', varchar(10)),
    col('category', varchar(12)),
    col('subject', varchar(120)),
    nul('order_ref', varchar(12)),
    col('priority', SMALLINT),
    nul('satisfaction', SMALLINT),
  ),
  ticket_events: table(
    ['id'],
    bigserial('id'),
    col('ticket_id', INTEGER),
    col('at_epoch', BIGINT),
    col('kind', varchar(10)),
    col('author', varchar(10)),
    col('body', TEXT),
  ),
  callbacks: table(
    ['id'],
    serial('id'),
    col('contact_id', INTEGER),
    col('requested_epoch', BIGINT),
    col('window_start', TIME),
    col('window_end', TIME),
    col('done', BOOLEAN),
  ),
};

// ---------------------------------------------------------------------------------------------
// 4. Marketing — marketing_legacy.
const marketing: SystemSpec = {
  mk_contact: table(
    ['contact_uuid'],
    col('contact_uuid', UUID),
    nul('email', varchar(254)),
    nul('email_sha256', char(64)),
    nul('mobile_e164', varchar(16)),
    nul('first_name', varchar(60)),
    nul('last_name', varchar(60)),
    nul('postcode', varchar(10)),
    nul('country', char(2)),
    col('source', varchar(10)),
    nul('external_ref', varchar(40)),
    col('created_at', TIMESTAMPTZ),
    col('updated_at', TIMESTAMPTZ),
  ),
  mk_consent: table(
    ['id'],
    bigserial('id'),
    col('contact_uuid', UUID),
    col('channel', varchar(6)),
    col('purpose', varchar(10)),
    col('granted', BOOLEAN),
    col('at', TIMESTAMPTZ),
    col('source', varchar(12)),
  ),
  mk_campaign: table(
    ['campaign_id'],
    serial('campaign_id'),
    col('name', varchar(120)),
    col('channel', varchar(6)),
    col('kind', varchar(8)),
    col('sent_at', TIMESTAMPTZ),
    nul('coupon_prefix', varchar(8)),
  ),
  mk_message: table(
    ['message_id'],
    bigserial('message_id'),
    col('campaign_id', INTEGER),
    col('contact_uuid', UUID),
    col('sent_at', TIMESTAMPTZ),
    nul('opened_at', TIMESTAMPTZ),
    nul('clicked_at', TIMESTAMPTZ),
    col('bounced', BOOLEAN),
    nul('unsubscribed_at', TIMESTAMPTZ),
  ),
  mk_segment: table(
    ['segment_id'],
    serial('segment_id'),
    col('name', varchar(80)),
    col('rule_text', TEXT),
  ),
  mk_segment_member: table(
    [],
    col('segment_id', INTEGER),
    col('contact_uuid', UUID),
    col('added_at', TIMESTAMPTZ),
  ),
  mk_coupon: table(
    ['code'],
    col('code', varchar(20)),
    col('campaign_id', INTEGER),
    col('contact_uuid', UUID),
    col('issued_at', TIMESTAMPTZ),
    nul('redeemed_at', TIMESTAMPTZ),
    nul('redeemed_channel', varchar(6)),
    nul('redeemed_ref', varchar(20)),
  ),
};

export const LEGACY_SPEC: Record<LegacySystem, SystemSpec> = { store, ecommerce, callcentre, marketing };
