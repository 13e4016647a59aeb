import { Directive, Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Money, PageInfo } from '../../schema/common';
import { Store } from './store.type';

export enum ReceiptType {
  SALE = 'SALE',
  RETURN = 'RETURN',
}
registerEnumType(ReceiptType, {
  name: 'ReceiptType',
  description: 'What a receipt records (TICKET.TYPE).',
  valuesConfig: {
    SALE: { description: 'A sale (TYPE = V).' },
    RETURN: { description: 'Goods brought back (TYPE = R): negative total and quantities.' },
  },
});

export enum PaymentMode {
  CARD = 'CARD',
  CASH = 'CASH',
  CHEQUE = 'CHEQUE',
  GIFT_CARD = 'GIFT_CARD',
}
registerEnumType(PaymentMode, {
  name: 'PaymentMode',
  description: 'How a store receipt was paid (TICKET.MODE_PAIEMENT).',
  valuesConfig: {
    CARD: { description: 'Bank card (CB).' },
    CASH: { description: 'Cash (ES).' },
    CHEQUE: { description: 'Cheque (CH).' },
    GIFT_CARD: { description: 'Gift card (BA).' },
  },
});

@ObjectType({ description: 'A store receipt (store system, table TICKET): a sale or a return at a till.' })
@Directive('@key(fields: "id")')
export class Receipt {
  @Field(() => ID, { description: 'Receipt number (NUM_TICKET); it grows with time.' })
  id!: string;

  @Field(() => Date, { nullable: true, description: 'When it was rung up (DATE_TICKET + HEURE_TICKET, Paris time) as an instant; null if the legacy date is malformed. The same name as an order\'s and a history entry\'s.' })
  occurredAt!: Date | null;

  @Field(() => ReceiptType, { nullable: true, description: 'Sale or return; null when the legacy code is not a known one (see `typeCode`).' })
  type!: ReceiptType | null;

  @Field(() => String, { description: 'The legacy receipt type as stored (TYPE): V sale, R return.' })
  typeCode!: string;

  @Field(() => Money, { description: 'Total, tax included (MONTANT_TTC_CTS); negative for a return.' })
  total!: Money;

  @Field(() => PaymentMode, { nullable: true, description: 'How it was paid; null when the legacy code is not a known one (see `paymentModeCode`).' })
  paymentMode!: PaymentMode | null;

  @Field(() => String, { description: 'The legacy payment code as stored (MODE_PAIEMENT): CB, ES, CH or BA.' })
  paymentModeCode!: string;

  @Field(() => String, { description: 'Code of the store where it was rung up (CODE_MAG); see `store` for the store itself.' })
  storeCode!: string;

  @Field(() => Int, { description: 'Till number in the store (NUM_CAISSE).' })
  till!: number;

  @Field(() => String, { nullable: true, description: 'Loyalty card presented (NUM_CARTE); null for an anonymous purchase.' })
  cardNumber!: string | null;
}

@ObjectType({ description: 'A line of a store receipt (table LIGNE_TICKET).' })
export class ReceiptLine {
  @Field(() => Int, { description: 'Line number on the receipt (NUM_LIGNE).' })
  lineNumber!: number;

  @Field(() => String, { description: 'Article barcode, EAN-13 (EAN).' })
  ean!: string;

  @Field(() => String, { description: 'Article label as printed (LIBELLE_ART).' })
  label!: string;

  @Field(() => Int, { description: 'Quantity (QTE); negative on a return.' })
  quantity!: number;

  @Field(() => Money, { description: 'Unit price, tax included (PU_TTC_CTS).' })
  unitPrice!: Money;

  @Field(() => Money, { description: 'Quantity × unit price; negative on a return (the same name as an order line\'s).' })
  lineTotal!: Money;
}

@ObjectType({ description: 'A receipt in a list, with the cursor to continue after it.' })
export class ReceiptEdge {
  @Field(() => String, { description: 'Opaque cursor of this receipt: pass it as `after` to get the receipts before it.' })
  cursor!: string;

  @Field(() => Receipt, { description: 'The receipt.' })
  node!: Receipt;
}

@ObjectType({ description: 'A page of receipts, newest first.' })
export class ReceiptConnection {
  @Field(() => [ReceiptEdge], { description: 'The receipts of this page, newest first.' })
  edges!: ReceiptEdge[];

  @Field(() => [Receipt], { description: 'The receipts of this page, in the same order as `edges` (for clients that need no cursor).' })
  nodes!: Receipt[];

  @Field(() => PageInfo, { description: 'Whether older receipts follow, and the cursor to get them.' })
  pageInfo!: PageInfo;
}

@ObjectType({ description: 'A store where the customer shops, with how often (from their receipts).' })
export class FavouriteStore {
  @Field(() => Store, { nullable: true, description: 'The store; null if its code is missing from the store list.' })
  store!: Store | null;

  @Field(() => String, { description: 'Store code (CODE_MAG) as on the receipts.' })
  storeCode!: string;

  @Field(() => Int, { description: 'Number of receipts there (sales and returns) on all the customer\'s cards.' })
  receiptCount!: number;

  @Field(() => Date, { nullable: true, description: 'When the latest of those receipts was rung up; null if its legacy date is malformed.' })
  lastVisitAt!: Date | null;
}

@ObjectType({ description: 'An article of the usual basket: what the customer buys most often in store.' })
export class BasketArticle {
  @Field(() => String, { description: 'Article barcode, EAN-13.' })
  ean!: string;

  @Field(() => String, { description: 'Article label as printed on the latest receipt that has it.' })
  label!: string;

  @Field(() => Int, { description: 'Number of sale receipts with this article (how often it is bought).' })
  receiptCount!: number;

  @Field(() => Int, { description: 'Total quantity bought on those receipts.' })
  totalQuantity!: number;

  @Field(() => Date, { nullable: true, description: 'When it was last bought; null if that legacy date is malformed.' })
  lastBoughtAt!: Date | null;
}
