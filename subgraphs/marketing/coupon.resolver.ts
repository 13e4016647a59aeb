import { Arg, Ctx, Query, Resolver } from 'type-graphql';
import { SubgraphContext } from '../kit/subgraph';
import { Coupon } from './coupon.type';
import { MarketingLoaders, toCoupon } from './marketing.loaders';

type Context = SubgraphContext<MarketingLoaders>;

@Resolver(() => Coupon)
export class CouponResolver {
  @Query(() => Coupon, { nullable: true, description: 'A coupon by its code, exactly as issued; null when there is none.' })
  async coupon(@Arg('code', () => String, { description: 'The coupon code, e.g. as printed on the coupon.' }) code: string, @Ctx() { loaders }: Context): Promise<Coupon | null> {
    const row = await loaders.coupon.load(code.trim());
    return row ? toCoupon(row) : null;
  }
}

export async function resolveCouponReference(reference: { code: string }, { loaders }: Context): Promise<Coupon | null> {
  const row = await loaders.coupon.load(String(reference.code));
  return row ? toCoupon(row) : null;
}
