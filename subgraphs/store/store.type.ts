import { PageInfo } from '../../schema/common';
import { Directive, Field, Float, InputType, ObjectType } from 'type-graphql';

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

  @Field(() => Float, { description: 'Latitude, WGS 84 (LAT).' })
  latitude!: number;

  @Field(() => Float, { description: 'Longitude, WGS 84 (LON).' })
  longitude!: number;

  @Field(() => Boolean, { description: 'False when the store is closed for good (OUVERT = N).' })
  open!: boolean;

  @Field(() => String, { description: 'The legacy open flag as stored (OUVERT): O open, N closed for good.' })
  openCode!: string;

  @Field(() => Float, {
    nullable: true,
    description:
      'Great-circle distance in kilometres from the point given to `stores(near: …)`, which sorts by it; ' +
      'null wherever the store was reached otherwise.',
  })
  distanceKm!: number | null;
}

@InputType({ description: 'A point on the map, WGS 84 decimal degrees.' })
export class GeoPointInput {
  @Field(() => Float, { description: 'Latitude, from -90 to 90.' })
  lat!: number;

  @Field(() => Float, { description: 'Longitude, from -180 to 180.' })
  lon!: number;
}

@ObjectType({ description: 'A store and the cursor that points just after it.' })
export class StoreEdge {
  @Field(() => String, { description: 'Opaque cursor: pass it as `after` (with the same `near`) to read the stores that follow.' })
  cursor!: string;

  @Field(() => Store, { description: 'The store.' })
  node!: Store;
}

@ObjectType({ description: 'A page of the store directory.' })
export class StoreConnection {
  @Field(() => [StoreEdge], { description: 'The stores of this page, each with its cursor.' })
  edges!: StoreEdge[];

  @Field(() => [Store], { description: 'The stores of this page (the same as edges.node).' })
  nodes!: Store[];

  @Field(() => PageInfo, { description: 'Whether more stores follow, and the cursor to ask for them.' })
  pageInfo!: PageInfo;
}
