import { Directive, Field, ID, ObjectType } from 'type-graphql';
import { Channel, PageInfo } from '../../schema/common';
import { Campaign } from './campaign.type';
import { Order, Receipt } from './entity-stubs.type';

@ObjectType({
  description:
    'A coupon issued by a campaign to one person, and where it was redeemed (marketing system, table mk_coupon). ' +
    'A redeemed coupon points at the purchase it paid for: `redeemedReceipt` (in store) or `redeemedOrder` (on the web) — ' +
    'at most one of the two is set.',
})
@Directive('@key(fields: "code")')
export class Coupon {
  @Field(() => String, { description: 'Coupon code (mk_coupon.code), as printed or sent.' })
  code!: string;

  @Field(() => Campaign, { nullable: true, description: 'The campaign that issued it; null if the campaign was deleted.' })
  campaign!: Campaign | null;

  @Field(() => ID, { description: 'The marketing contact it was issued to (mk_contact.contact_uuid).' })
  contactId!: string;

  @Field(() => Date, { description: 'When it was issued.' })
  issuedAt!: Date;

  @Field(() => Boolean, { description: 'True once it has been redeemed.' })
  redeemed!: boolean;

  @Field(() => Date, { nullable: true, description: 'When it was redeemed; null while it is not.' })
  redeemedAt!: Date | null;

  @Field(() => Channel, {
    nullable: true,
    description: 'Where it was redeemed: STORE or WEB; null while not redeemed, or for a code the graph does not know (see redeemedChannelCode).',
  })
  redeemedChannel!: Channel | null;

  @Field(() => String, { nullable: true, description: 'Legacy redemption channel code as stored (STORE or WEB), or null.' })
  redeemedChannelCode!: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'The legacy reference of the purchase as stored (receipt number or order reference), or null.',
  })
  redeemedReference!: string | null;

  @Field(() => Receipt, {
    nullable: true,
    description: 'The store receipt it was redeemed on (resolved by the store subgraph); null unless redeemed in store.',
  })
  redeemedReceipt!: Receipt | null;

  @Field(() => Order, {
    nullable: true,
    description: 'The web order it was redeemed on (resolved by the ecommerce subgraph); null unless redeemed on the web.',
  })
  redeemedOrder!: Order | null;
}

@ObjectType({ description: 'A coupon and the cursor that points just after it.' })
export class CouponEdge {
  @Field(() => String, { description: 'Opaque cursor: pass it as `after` to read the coupons that follow this one.' })
  cursor!: string;

  @Field(() => Coupon, { description: 'The coupon.' })
  node!: Coupon;
}

@ObjectType({ description: 'A page of coupons, newest issued first.' })
export class CouponConnection {
  @Field(() => [CouponEdge], { description: 'The coupons of this page, each with its cursor.' })
  edges!: CouponEdge[];


  @Field(() => [Coupon], { description: 'The coupons of this page, in the same order as `edges` (for clients that need no cursor).' })
  nodes!: Coupon[];

  @Field(() => PageInfo, { description: 'Whether more coupons follow, and the cursor to get them.' })
  pageInfo!: PageInfo;
}
