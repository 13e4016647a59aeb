import { Queryable } from '../kit/database';
import { CustomerRow } from './customers.repo';
import { IdentifierLookup } from './identifier';

/**
 * Customers holding an identifier, in one statement: the records that hold it (or the one record it
 * names), their links in force, their customers. Only a record's own identifiers count ("holder"):
 * a card number typed on someone's web account does not make them the card's holder.
 */
export function customersByIdentifier(db: Queryable, lookup: IdentifierLookup): Promise<CustomerRow[]> {
  const [kind, value, system, localKey] =
    lookup.by === 'identifier' ? [lookup.kind, lookup.value, null, null] : [null, null, lookup.system, lookup.localKey];
  return db.query<CustomerRow>(
    `WITH records AS (
       SELECT system, local_key FROM identity_identifier WHERE kind = $1 AND value = $2 AND role = 'holder'
       UNION
       SELECT $3::text, $4::text WHERE $3::text IS NOT NULL
     )
     SELECT DISTINCT c.id::text AS id, c.created_at
       FROM records r
       JOIN identity_link l ON l.system = r.system AND l.local_key = r.local_key AND l.unlinked_at IS NULL
       JOIN customer c ON c.id = l.customer_id
      ORDER BY c.created_at, id`,
    [kind, value, system, localKey],
  );
}
