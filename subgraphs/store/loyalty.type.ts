import { Field, Int, ObjectType } from 'type-graphql';

@ObjectType({ description: 'A loyalty card and its points (store system, CARTE_FIDELITE and MOUVEMENT_POINTS).' })
export class LoyaltyAccount {
  @Field(() => String, { description: 'Card number, EAN-13 (NUM_CARTE).' })
  cardNumber!: string;

  @Field(() => Boolean, { description: 'False when the card was closed (STATUT = R); a closed card keeps its history.' })
  active!: boolean;

  @Field(() => Int, { description: 'Points balance: the sum of the card\'s points ledger.' })
  pointsBalance!: number;
}
