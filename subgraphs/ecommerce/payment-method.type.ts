import { Field, Int, ObjectType } from 'type-graphql';
import { PaymentCardBrand } from './ecommerce.enums';

@ObjectType({
  description:
    'A payment card saved in a web shop account (e-commerce system, table payment_methods). The web shop keeps only ' +
    'a token: brand, last four digits and expiry are all there is to show.',
})
export class PaymentMethod {
  @Field(() => PaymentCardBrand, { description: 'Card network.' })
  brand!: PaymentCardBrand;

  @Field(() => String, { description: 'The legacy brand code as stored: VISA, MC or AMEX.' })
  brandCode!: string;

  @Field(() => String, { description: 'The last four digits of the card number.' })
  lastFour!: string;

  @Field(() => Int, { description: 'Expiry month, 1 to 12.' })
  expiryMonth!: number;

  @Field(() => Int, { description: 'Expiry year, four digits (a two-digit legacy year is read as 20YY).' })
  expiryYear!: number;
}
