import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';

export enum CardStatus {
  ACTIVE = 'ACTIVE',
  CLOSED = 'CLOSED',
}
registerEnumType(CardStatus, {
  name: 'CardStatus',
  description: 'State of a loyalty card (CARTE_FIDELITE.STATUT).',
  valuesConfig: {
    ACTIVE: { description: 'In use (STATUT = A).' },
    CLOSED: { description: 'Closed (STATUT = R); it keeps its receipts and points history.' },
  },
});

@ObjectType({
  description:
    'A loyalty card and its points (store system, CARTE_FIDELITE and MOUVEMENT_POINTS). Expiring points are ' +
    'computed from the ledger: every spent or expired movement (negative) uses up earned points (positive) ' +
    'in order of their expiry date (DATE_EXPIRATION; points without one last, then in ledger order); ' +
    'what is left of each earned movement expires on its DATE_EXPIRATION, in Paris dates.',
})
export class LoyaltyAccount {
  @Field(() => String, { description: 'Card number, EAN-13 (NUM_CARTE).' })
  cardNumber!: string;

  @Field(() => Boolean, { description: 'False when the card was closed (STATUT = R); a closed card keeps its history.' })
  active!: boolean;

  @Field(() => CardStatus, { nullable: true, description: 'Card state; null when the legacy code is not a known one (see `statusCode`).' })
  status!: CardStatus | null;

  @Field(() => String, { description: 'The legacy status code as stored (STATUT): A active, R closed.' })
  statusCode!: string;

  @Field(() => Int, { description: "Points balance: the sum of the card's points ledger (MOUVEMENT_POINTS)." })
  pointsBalance!: number;

  @Field(() => Int, {
    description:
      'Points of the balance that expire within 30 days (expiry date on or before today + 30, Paris time), ' +
      'including points already past their date that the legacy system has not written off yet.',
  })
  pointsExpiringWithin30Days!: number;

  @Field(() => Int, { description: 'Points of the balance that expire within 60 days (includes those within 30), same rule.' })
  pointsExpiringWithin60Days!: number;

  @Field(() => String, { nullable: true, description: 'Day the card was issued, ISO YYYY-MM-DD (DATE_CREATION); null if malformed.' })
  issuedOn!: string | null;

  /** MAG_CREATION, resolved to a Store by LoyaltyAccountResolver. */
  issuingStoreCode!: string;

  /** NUM_FOYER, resolved to a FamilyAccount by LoyaltyAccountResolver. */
  familyId!: string | null;
}

@ObjectType({
  description:
    'A family account ("carte famille"): loyalty cards grouped under one household number (NUM_FOYER), ' +
    'which is the number of the family\'s first card.',
})
export class FamilyAccount {
  @Field(() => String, { description: 'Family account number (NUM_FOYER): the first card of the family.' })
  id!: string;

  @Field(() => [FamilyCard], { description: 'Every card of the family, the first card first, then by card number.' })
  cards!: FamilyCard[];
}

@ObjectType({ description: 'One card of a family account (holders\' details stay with the customer hub).' })
export class FamilyCard {
  @Field(() => String, { description: 'Card number, EAN-13 (NUM_CARTE).' })
  cardNumber!: string;

  @Field(() => Boolean, { description: 'False when the card was closed (STATUT = R).' })
  active!: boolean;

  @Field(() => Boolean, { description: 'True for the family\'s first card, whose number is the family account number.' })
  first!: boolean;
}
