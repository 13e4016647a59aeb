// Carts, reviews and searches by key, for other subgraphs (the hub's shared history names them as
// a touchpoint's record): one statement per `_entities` batch and type, through the loaders. A key
// that is not a number of the column's range is nobody's record: null, not an error.
import { int4Key, int8Key } from '../kit/keys';
import { SubgraphContext } from '../kit/subgraph';
import { Cart } from './cart.type';
import { EcommerceLoaders } from './ecommerce.loaders';
import { toCart, toReview, toSearch } from './ecommerce.mappers';
import { Review } from './review.type';
import { Search } from './search.type';

type Context = SubgraphContext<EcommerceLoaders>;

/** carts.id and reviews.id are `serial` (int4), searches.id `bigserial` (int8, kept as text). */
const serialId = (key: string): number | null => {
  const id = int4Key(key);
  return id === null ? null : Number(id);
};

export async function resolveCartReference(reference: { id: string }, { loaders }: Context): Promise<Cart | null> {
  const id = serialId(String(reference.id));
  const row = id === null ? null : await loaders.cartById.load(id);
  return row ? toCart(row) : null;
}

export async function resolveReviewReference(reference: { id: string }, { loaders }: Context): Promise<Review | null> {
  const id = serialId(String(reference.id));
  const row = id === null ? null : await loaders.reviewById.load(id);
  return row ? toReview(row) : null;
}

export async function resolveSearchReference(reference: { id: string }, { loaders }: Context): Promise<Search | null> {
  const id = int8Key(String(reference.id));
  const row = id === null ? null : await loaders.searchById.load(id);
  return row ? toSearch(row) : null;
}
