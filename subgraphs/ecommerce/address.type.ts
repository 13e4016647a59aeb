import { Field, ID, ObjectType } from 'type-graphql';
import { AddressKind } from './ecommerce.enums';

@ObjectType({
  description:
    'A postal address saved in a web shop account (e-commerce system, table addresses), exactly as the customer ' +
    'typed it: the same address may appear twice, in different cases.',
})
export class Address {
  @Field(() => ID, { description: 'Address id (addresses.id).' })
  id!: string;

  @Field(() => AddressKind, { description: 'What the address is used for: billing or shipping.' })
  kind!: AddressKind;

  @Field(() => String, { description: 'The legacy kind code as stored (billing or shipping).' })
  kindCode!: string;

  @Field(() => String, { description: 'First address line (street).' })
  line1!: string;

  @Field(() => String, { nullable: true, description: 'Second address line (building, floor …); null when empty.' })
  line2!: string | null;

  @Field(() => String, { description: 'Postcode.' })
  postcode!: string;

  @Field(() => String, { description: 'City.' })
  city!: string;

  @Field(() => String, { description: 'Country, ISO 3166-1 alpha-2 (FR, BE …).' })
  country!: string;

  @Field(() => Boolean, { description: 'True for the default address of its kind in its account.' })
  isDefault!: boolean;

  @Field(() => ID, { description: 'The web account the address is saved in (customers.id).' })
  webAccountId!: string;
}
