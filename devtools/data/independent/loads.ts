// The independent world as COPY loads: the identity tables of the four systems (stores, cards,
// web accounts and their addresses, call-centre contacts, marketing contacts), a thin layer of
// activity that identity depends on (calls, identified or not; marketing consents), and the
// ground truth in the first generator's truth tables (so scoring reads both data sets the same way).
// Other activity tables (receipts, orders, campaigns…) are left empty: this data set is for
// identity, and the first generator covers the rest.
import { copyLine } from '../../../subgraphs/kit/database';
import { Rng, streamId } from '../random';
import { bool, TableLoad } from '../tables';
import { DAY_TODAY, INDEPENDENT_CASES, Population } from './population';
import { CardRecord, compactDay, epochOf, isoSecond, Records, sha256 } from './records';

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** The card number as typed on the web: grouped with spaces, sometimes one digit wrong. */
function typedCard(card: CardRecord, wrongDigit: boolean, rng: Rng): string {
  let digits = card.num;
  if (wrongDigit) {
    const i = rng.int(1, 11);
    digits = digits.slice(0, i) + String((Number(digits[i]) + rng.int(1, 9)) % 10) + digits.slice(i + 1);
  }
  switch (rng.int(0, 2)) {
    case 0:
      return digits;
    case 1:
      return `${digits.slice(0, 1)} ${digits.slice(1, 7)} ${digits.slice(7)}`;
    default:
      return digits.match(/.{1,4}/g)!.join(' ');
  }
}

interface CallRow {
  contact: number | null;
  ani: string;
  epoch: number;
}

function planCalls(pop: Population, records: Records): CallRow[] {
  const rng = new Rng(pop.seed, streamId('independent-calls'));
  const calls: CallRow[] = [];
  for (const contact of records.calls) {
    const n = 1 + rng.geometric(1.2);
    for (let i = 0; i < n; i += 1) calls.push({ contact: contact.id, ani: contact.phone, epoch: epochOf(contact.day, contact.second) + i * rng.int(3600, 90 * 86_400) });
  }
  // Unidentified calls: numbers nobody of the world holds (withheld ones are written `anonymous`).
  const unknown = Math.max(2, Math.round(records.calls.length * 0.15));
  for (let i = 0; i < unknown; i += 1) {
    let ani = 'anonymous';
    if (rng.chance(0.7)) {
      do ani = `0${rng.pick(['6', '7', '2', '5'])}${rng.digits(8)}`;
      while (pop.numbers.has(`33:${ani.slice(1)}`));
    }
    calls.push({ contact: null, ani, epoch: epochOf(rng.int(3000, 7000), rng.int(8 * 3600, 19 * 3600)) });
  }
  calls.sort((a, b) => a.epoch - b.epoch || (a.contact ?? 0) - (b.contact ?? 0));
  return calls;
}

export function independentLoads(pop: Population, records: Records): TableLoad[] {
  const rng = new Rng(pop.seed, streamId('independent-rows'));
  const cardText = new Map(records.web.filter((w) => w.typedCard).map((w) => [w, typedCard(w.typedCard!.card, w.typedCard!.wrongDigit, rng)]));
  const calls = planCalls(pop, records);
  const addresses = records.web.flatMap((account) => account.addresses.map((address) => ({ account, address })));
  const consents = records.mk.flatMap((mk, i) => {
    const r = new Rng(pop.seed, streamId('independent-consent'), i);
    const channels = mk.email ? ['EMAIL'] : [];
    if (mk.mobile) channels.push('SMS');
    return channels.map((channel) => ({ mk, channel, granted: r.chance(0.7), purpose: r.pick(['NEWSLETTER', 'OFFERS']) }));
  });
  const owners = records.cards.length + records.web.length + records.calls.length + records.mk.length;
  return [
    {
      database: 'store',
      table: 'MAGASIN',
      columns: ['CODE_MAG', 'LIBELLE', 'VILLE', 'CP', 'LAT', 'LON', 'OUVERT'],
      expectedRows: records.shops.length,
      *rows() {
        for (const s of records.shops) {
          yield copyLine([s.code, s.name, s.town.name.toUpperCase().slice(0, 40), s.town.postcode, s.lat.toFixed(6), s.lon.toFixed(6), s.open ? 'O' : 'N']);
        }
      },
    },
    {
      database: 'store',
      table: 'CARTE_FIDELITE',
      columns: ['NUM_CARTE', 'CIVILITE', 'NOM', 'PRENOM', 'TEL', 'EMAIL', 'ADR1', 'CP', 'VILLE', 'DATE_NAIS', 'DATE_CREATION', 'MAG_CREATION', 'NUM_FOYER', 'STATUT', 'OPT_SMS', 'DATE_MAJ'],
      expectedRows: records.cards.length,
      *rows() {
        for (const c of records.cards) {
          const changed = `${compactDay(c.changedDay)}${pad(Math.floor(c.changedSecond / 3600))}${pad(Math.floor(c.changedSecond / 60) % 60)}${pad(c.changedSecond % 60)}`;
          yield copyLine([c.num, c.civilite, c.nom, c.prenom, c.tel, c.email, c.adr1, c.cp, c.ville, c.dateNais, compactDay(c.day), c.shop.code, c.foyer?.num ?? null, c.closed ? 'R' : 'A', c.optSms ? 'O' : 'N', changed]);
        }
      },
    },
    {
      database: 'ecommerce',
      table: 'customers',
      columns: ['id', 'email', 'password_hash', 'first_name', 'last_name', 'phone', 'birth_date', 'loyalty_card', 'preferred_store', 'newsletter', 'created_at', 'updated_at', 'deleted_at'],
      expectedRows: records.web.length,
      *rows() {
        for (const w of records.web) {
          const updated = w.deletedDay ?? Math.min(DAY_TODAY, w.day + (w.id % 400));
          yield copyLine([
            w.id, w.email, w.passwordHash, w.first, w.last, w.phone, w.birth, cardText.get(w) ?? null, w.preferredStore, bool(w.newsletter),
            isoSecond(w.day, w.second), isoSecond(updated, w.second), w.deletedDay === null ? null : isoSecond(w.deletedDay, w.second),
          ]);
        }
      },
    },
    {
      database: 'ecommerce',
      table: 'addresses',
      columns: ['id', 'customer_id', 'kind', 'line1', 'line2', 'postcode', 'city', 'country', 'is_default'],
      expectedRows: addresses.length,
      *rows() {
        let id = 0;
        for (const { account, address } of addresses) {
          id += 1;
          yield copyLine([id, account.id, address.kind, address.line1.slice(0, 120), address.line2, address.postcode, address.city, 'FR', bool(address.isDefault)]);
        }
      },
    },
    {
      database: 'callcentre',
      table: 'contacts',
      columns: ['contact_id', 'phone', 'alt_phone', 'email', 'full_name', 'postcode', 'language', 'vip', 'created_epoch', 'updated_epoch'],
      expectedRows: records.calls.length,
      *rows() {
        for (const c of records.calls) {
          const created = epochOf(c.day, c.second);
          yield copyLine([c.id, c.phone, c.altPhone, c.email, c.fullName, c.postcode, c.language, bool(c.vip), created, created + (c.id % 7) * 86_400]);
        }
      },
    },
    {
      database: 'callcentre',
      table: 'calls',
      columns: ['call_id', 'contact_id', 'ani', 'direction', 'queue', 'agent_id', 'start_epoch', 'duration_s', 'reason_code', 'outcome', 'notes'],
      expectedRows: calls.length,
      *rows() {
        const r = new Rng(pop.seed, streamId('independent-call-rows'));
        let id = 0;
        for (const call of calls) {
          id += 1;
          const reason = r.pick(['RECL', 'SUIVI', 'INFO', 'RETOUR', 'FACT', 'RESIL']);
          yield copyLine([
            id, call.contact, call.ani, r.chance(0.85) ? 'I' : 'O', r.pick(['SAV', 'COMMANDES', 'RECLAMATIONS', 'INFO']), `AG${pad(r.int(1, 60), 3)}`,
            call.epoch, r.int(20, 1500), reason, r.pick(['RESOLU', 'RESOLU', 'RAPPEL', 'ESCALADE', 'ABANDON']), call.contact === null ? 'appelant non identifié' : `motif ${reason.toLowerCase()}`,
          ]);
        }
      },
    },
    {
      database: 'marketing',
      table: 'mk_contact',
      columns: ['contact_uuid', 'email', 'email_sha256', 'mobile_e164', 'first_name', 'last_name', 'postcode', 'country', 'source', 'external_ref', 'created_at', 'updated_at'],
      expectedRows: records.mk.length,
      *rows() {
        for (const m of records.mk) {
          const ref = m.refTo === null ? null : 'web' in m.refTo ? `ECOM:${m.refTo.web.id}` : `CARD:${m.refTo.card.num}`;
          const at = `${isoSecond(m.day, m.second)}+00`;
          yield copyLine([m.uuid, m.email, m.email ? sha256(m.email) : null, m.mobile, m.first, m.last, m.postcode, m.postcode || m.email ? 'FR' : null, m.source, ref, at, at]);
        }
      },
    },
    {
      database: 'marketing',
      table: 'mk_consent',
      columns: ['id', 'contact_uuid', 'channel', 'purpose', 'granted', 'at', 'source'],
      expectedRows: consents.length,
      *rows() {
        let id = 0;
        for (const { mk, channel, granted, purpose } of consents) {
          id += 1;
          const source = mk.source === 'STORE' ? 'STORE_TABLET' : mk.source === 'IMPORT' ? 'IMPORT' : 'WEB_FORM';
          yield copyLine([id, mk.uuid, channel, purpose, bool(granted), `${isoSecond(mk.day, mk.second + 1)}+00`, source]);
        }
      },
    },
    {
      database: 'truth',
      table: 'person',
      columns: ['person_id', 'household_id', 'cases'],
      expectedRows: pop.people.length,
      *rows() {
        for (const p of pop.people) {
          const cases = INDEPENDENT_CASES.filter((tag) => p.cases.has(tag));
          yield copyLine([p.id, p.home.household, `{${cases.join(',')}}`]);
        }
      },
    },
    {
      database: 'truth',
      table: 'record_owner',
      columns: ['system', 'local_key', 'person_id'],
      expectedRows: owners,
      *rows() {
        for (const c of records.cards) yield copyLine(['store.card', c.num, c.person.id]);
        for (const w of records.web) yield copyLine(['ecommerce.customer', String(w.id), w.person.id]);
        for (const c of records.calls) yield copyLine(['callcentre.contact', String(c.id), c.person.id]);
        for (const m of records.mk) yield copyLine(['marketing.contact', m.uuid, m.person.id]);
      },
    },
  ];
}
