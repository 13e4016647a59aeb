import { Directive, Field, ID, Int, ObjectType } from 'type-graphql';

@ObjectType({
  description:
    'One line of a loyalty card\'s points ledger (store system, table MOUVEMENT_POINTS): points earned (+) or spent / ' +
    'expired (−). The shared history points at the movements that came without a receipt (welcome, gift, expiry).',
})
@Directive('@key(fields: "id")')
export class LoyaltyMovement {
  @Field(() => ID, { description: 'Movement id (ID_MVT); it grows with time.' })
  id!: string;

  @Field(() => String, { description: 'Card number, EAN-13 (NUM_CARTE).' })
  cardNumber!: string;

  @Field(() => String, { nullable: true, description: 'Day of the movement, ISO YYYY-MM-DD (DATE_MVT); null if malformed.' })
  occurredOn!: string | null;

  @Field(() => Int, { description: 'Points earned (positive) or spent or expired (negative).' })
  points!: number;

  @Field(() => String, { description: 'Why, as the legacy code stores it (MOTIF, "reason"): ACHAT purchase, BIENVENUE welcome, CADEAU gift, EXPIR expiry.' })
  reasonCode!: string;

  @Field(() => String, { nullable: true, description: 'Day earned points expire, ISO YYYY-MM-DD (DATE_EXPIRATION); null when none or malformed.' })
  expiresOn!: string | null;

  @Field(() => ID, { nullable: true, description: 'The receipt it came with (NUM_TICKET); null for a welcome, gift or expiry movement.' })
  receiptId!: string | null;
}
