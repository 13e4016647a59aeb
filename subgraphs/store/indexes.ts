// The indexes the store channel's reads rely on in store_legacy (kit/index-contract.ts). The till
// system keys its tables by their primary keys only; every read below goes by another column.
// Created in development and test databases; reported to the store system's DBAs by
// `npm run db:check`, never created by the project on their database.
import type { IndexDeclaration } from '../kit/index-contract';

export const storeIndexes: readonly IndexDeclaration[] = [
  {
    table: 'TICKET',
    columns: ['NUM_CARTE', 'NUM_TICKET'],
    name: 'cg_ticket_num_carte_num_ticket',
    why:
      "a customer's receipts by card, newest first (Customer.receipts and its `after` cursor: receipts.repo.ts receiptPages), " +
      'favouriteStores and usualBasket (same file), the export and erasure of a card (privacy.export.ts, privacy.erase.ts)',
    // Where refused: READ_MODEL=store.TICKET serves receipts, favouriteStores and usualBasket from the
    // hub's copy of (NUM_CARTE, NUM_TICKET) (kit/read-model.ts; export and erasure still read through).
    readModel: { primaryKey: 'NUM_TICKET' },
  },
  {
    table: 'MOUVEMENT_POINTS',
    columns: ['NUM_CARTE'],
    name: 'cg_mouvement_points_num_carte',
    why: "a card's points balance and expiring points (Customer.loyalty: loyalty.repo.ts loyaltyByCards), the export and erasure of a card",
    // Where refused: READ_MODEL=store.MOUVEMENT_POINTS serves the balances from the hub's copy of
    // (NUM_CARTE, ID_MVT) (kit/read-model.ts; export and erasure still read through).
    readModel: { primaryKey: 'ID_MVT' },
  },
  {
    table: 'LIGNE_TICKET',
    columns: ['NUM_TICKET'],
    name: 'cg_ligne_ticket_num_ticket',
    why:
      "a receipt's lines (Receipt.lines: receipts.repo.ts linesOfReceipts), usualBasket, the receipts feed's line count " +
      '(touchpoints.feed.ts): the primary key (NUM_TICKET, NUM_LIGNE) already leads with it, so nothing is to create',
  },
  {
    table: 'CARTE_FIDELITE',
    columns: ['NUM_FOYER'],
    name: 'cg_carte_fidelite_num_foyer',
    why: "the cards of a family account (LoyaltyAccount.family: loyalty.repo.ts cardsOfFamilies, NUM_FOYER = … OR NUM_CARTE = …)",
  },
  {
    table: 'CARTE_FIDELITE',
    columns: ['DATE_MAJ'],
    name: 'cg_carte_fidelite_date_maj',
    why: "the identity extractor's incremental read of changed cards (identity.extract.ts: DATE_MAJ >= … OR DATE_CREATION >= …, every 30 s)",
  },
  {
    table: 'CARTE_FIDELITE',
    columns: ['DATE_CREATION'],
    name: 'cg_carte_fidelite_date_creation',
    why: "the identity extractor's incremental read of new cards (identity.extract.ts: the other side of its OR, with DATE_MAJ)",
  },
];
