import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { Money } from '../../schema/common';
import { SubgraphContext } from '../kit/subgraph';
import { Cart, CartItem } from './cart.type';
import { EcommerceLoaders } from './ecommerce.loaders';
import { toCartItem } from './ecommerce.mappers';

type Context = SubgraphContext<EcommerceLoaders>;

@Resolver(() => Cart)
export class CartResolver {
  @FieldResolver(() => [CartItem], { description: 'The articles in the cart.' })
  async items(@Root() cart: Cart, @Ctx() { loaders }: Context): Promise<CartItem[]> {
    return (await loaders.cartItems.load(Number(cart.id))).map(toCartItem);
  }

  @FieldResolver(() => Money, { description: 'What the cart would cost: the sum of its lines, in euros.' })
  async total(@Root() cart: Cart, @Ctx() { loaders }: Context): Promise<Money> {
    const items = (await loaders.cartItems.load(Number(cart.id))).map(toCartItem);
    return Money.ofMinor(items.reduce((sum, item) => sum + item.lineTotal.amountMinor, 0), 'EUR');
  }
}
