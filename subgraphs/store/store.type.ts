import { Directive, Field, Float, ObjectType } from 'type-graphql';

@ObjectType({ description: 'A physical store of the chain (store system, table MAGASIN).' })
@Directive('@key(fields: "code")')
export class Store {
  @Field(() => String, { description: 'Store code, e.g. P001 (MAGASIN.CODE_MAG).' })
  code!: string;

  @Field(() => String, { description: 'Store name (LIBELLE).' })
  name!: string;

  @Field(() => String, { description: 'City (VILLE).' })
  city!: string;

  @Field(() => String, { description: 'Postcode (CP).' })
  postcode!: string;

  @Field(() => Float, { description: 'Latitude, WGS 84.' })
  latitude!: number;

  @Field(() => Float, { description: 'Longitude, WGS 84.' })
  longitude!: number;

  @Field(() => Boolean, { description: 'False when the store is closed for good (OUVERT = N).' })
  open!: boolean;
}
