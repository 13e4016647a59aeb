// The web shop's identity records (accounts and their addresses) as the hub's staging rows (kit/identity-records.ts).
import type { Database } from '../kit/database';
import { Cursor, epochIso, Extraction, Extractor, isoDate, maxOf, OVERLAP_SECONDS, postcodeOf, RecordBuilder } from '../kit/identity-records';

interface WebRow {
  id: number;
  email: string;
  first_name: string;
  last_name: string;
  phone: string | null;
  birth_date: string | null;
  loyalty_card: string | null;
  deleted: boolean;
  changed: number;
}

interface AddressRow {
  customer_id: number;
  line1: string;
  postcode: string;
}

// Dates as text: pg would turn a `date` into a local-midnight Date and shift it across zones.
const WEB_COLUMNS = `id, email, first_name, last_name, phone, birth_date::text AS birth_date, loyalty_card,
  deleted_at IS NOT NULL AS deleted, extract(epoch FROM updated_at)::float8 AS changed`;

export const ecommerceIdentityRecords: Extractor = async function extractEcommerce(db: Database, since?: Cursor): Promise<Extraction> {
  let rows: WebRow[];
  let addresses: AddressRow[];
  if (since?.changed || since?.id) {
    // updated_at holds UTC without a zone; a new account also has the next id.
    rows = await db.query<WebRow>(
      `SELECT ${WEB_COLUMNS} FROM customers
        WHERE updated_at >= (to_timestamp($1::float8) AT TIME ZONE 'UTC') OR id > $2`,
      [Number(since.changed ?? 0) - OVERLAP_SECONDS, since.id ?? 0],
    );
    addresses = await db.query<AddressRow>(
      'SELECT customer_id, line1, postcode FROM addresses WHERE customer_id = ANY ($1::int[]) ORDER BY customer_id, id',
      [rows.map((row) => row.id)],
    );
  } else {
    rows = await db.query<WebRow>(`SELECT ${WEB_COLUMNS} FROM customers`);
    addresses = await db.query<AddressRow>('SELECT customer_id, line1, postcode FROM addresses ORDER BY customer_id, id');
  }
  const byCustomer = new Map<number, AddressRow[]>();
  for (const address of addresses) {
    const list = byCustomer.get(address.customer_id);
    if (list) list.push(address);
    else byCustomer.set(address.customer_id, [address]);
  }
  const records = rows.map((row) => {
    const key = String(row.id);
    const builder = new RecordBuilder('ecommerce', key)
      .names(row.first_name, row.last_name)
      .add('ecommerce_account', key)
      .email(row.email)
      .phone(row.phone)
      .card(row.loyalty_card, 'reference', 'loyalty_card_invalid');
    const own = byCustomer.get(row.id) ?? [];
    for (const address of own) builder.address(address.line1, address.postcode);
    const record = builder.record;
    record.birthDate = isoDate(row.birth_date, 'ISO');
    record.postcode = own.length > 0 ? postcodeOf(own[0].postcode) : null;
    record.status = row.deleted ? 'deleted' : 'active';
    record.sourceChangedAt = epochIso(row.changed);
    return record;
  });
  const cursor = {
    changed: maxOf(rows.map((row) => row.changed), since?.changed ?? null),
    id: Number(maxOf(rows.map((row) => row.id), since?.id ?? null)) || null,
  };
  return { records, cursor };
};
