// ecommerce_legacy: web accounts, addresses, orders and their items, carts, reviews, searches and
// tokenised payment methods. Timestamps are UTC without a zone; amounts in euros.
import { copyLine } from '../../subgraphs/kit/database';
import { REFERENCE_DAY, REFERENCE_INSTANT, WINDOW_START_DAY, dayOf, isoDate, timestamp, toParis } from './calendar';
import { GENERIC_SEARCHES, PRODUCT_TABLE, PRODUCTS, Product, storeFor } from './catalogue';
import { Account, World } from './model';
import { ADDRESS_COMPLEMENTS, STREETS, TOWN_TABLE } from './names';
import { activeFrom, instantOn } from './records';
import { Rng, streamId, weighted } from './random';
import { bool, euros, TableLoad } from './tables';
import { Timeline } from './timeline';

/** Order references continue a numbering older than the generated years: `CMD-0400001`. */
const ORDER_REFERENCE_BASE = 400_000;
const SHIPPING_CENTS = 490;
const FREE_SHIPPING_FROM_CENTS = 6000;

const S_ACCOUNT = streamId('ecommerce.account-activity');
const S_ADDRESSES = streamId('ecommerce.addresses');
const S_ORDER = streamId('ecommerce.order');
const S_CART = streamId('ecommerce.cart');
const S_ABANDONED = streamId('ecommerce.abandoned-carts');
const S_ABANDONED_ITEMS = streamId('ecommerce.abandoned-cart-items');
const S_REVIEW = streamId('ecommerce.review');
const S_SEARCH = streamId('ecommerce.search');
const S_SESSION = streamId('ecommerce.session');
const S_ANONYMOUS = streamId('ecommerce.anonymous-searches');
const S_PAYMENT = streamId('ecommerce.payment');

export interface EcommercePlan {
  readonly addressCount: Uint8Array;
  /** Id of each account's first address (addresses are numbered in account order). */
  readonly firstAddress: Int32Array;
  readonly orders: Timeline;
  readonly orderAccount: number[];
  /** Orders of account a are plan indexes accountOrders[a] … accountOrders[a + 1] - 1, oldest first. */
  readonly accountOrders: Int32Array;
  orderItems: number;
  readonly carts: Timeline;
  readonly cartAccount: number[];
  /** The order a cart became, or -1 for a cart left behind. */
  readonly cartOrder: number[];
  readonly cartUpdated: number[];
  cartItems: number;
  readonly reviews: Timeline;
  readonly reviewOrder: number[];
  readonly searches: Timeline;
  readonly searchAccount: number[];
  readonly searchSession: number[];
  readonly payments: Timeline;
  readonly paymentAccount: number[];
}

export function orderReference(plan: EcommercePlan, order: number): string {
  return `CMD-${String(ORDER_REFERENCE_BASE + plan.orders.id(order)).padStart(7, '0')}`;
}

/** Days an account can show activity: from its creation (or the window) to its last day. */
function activeDays(account: Account): [number, number] {
  return [activeFrom(dayOf(account.created)), Math.min(account.lastDay, REFERENCE_DAY - 1)];
}

export function planEcommerce(world: World): EcommercePlan {
  const plan: EcommercePlan = {
    addressCount: new Uint8Array(world.accounts.length),
    firstAddress: new Int32Array(world.accounts.length),
    orders: new Timeline(),
    orderAccount: [],
    accountOrders: new Int32Array(world.accounts.length + 1),
    orderItems: 0,
    carts: new Timeline(),
    cartAccount: [],
    cartOrder: [],
    cartUpdated: [],
    cartItems: 0,
    reviews: new Timeline(),
    reviewOrder: [],
    searches: new Timeline(),
    searchAccount: [],
    searchSession: [],
    payments: new Timeline(),
    paymentAccount: [],
  };
  let nextAddress = 1;
  let sessions = 0;
  world.accounts.forEach((account, a) => {
    plan.firstAddress[a] = nextAddress;
    plan.addressCount[a] = addressesOf(world, account, a).length;
    nextAddress += plan.addressCount[a];
    const rng = new Rng(world.seed, S_ACCOUNT, a);
    plan.accountOrders[a] = plan.orders.size;
    planOrders(plan, account, a, rng);
    sessions = planSearches(plan, account, a, rng, sessions);
    planPayments(plan, account, a, rng);
  });
  plan.accountOrders[world.accounts.length] = plan.orders.size;
  planAnonymousSearches(world, plan, sessions);
  planCartsAndReviews(world, plan);
  return plan;
}

function planOrders(plan: EcommercePlan, account: Account, a: number, rng: Rng): void {
  const [from, to] = activeDays(account);
  if (to < from) return;
  const count = rng.poisson((account.person.webRate * (to - from + 1)) / 365);
  const times: number[] = [];
  for (let i = 0; i < count; i += 1) times.push(Math.max(account.created + 600, instantOn(rng.int(from, to), rng, 7, 23.5)));
  for (const instant of times.sort((x, y) => x - y)) {
    plan.orders.add(instant);
    plan.orderAccount.push(a);
  }
}

/** Sessions of 1–3 searches a couple of minutes apart. */
function planSearches(plan: EcommercePlan, account: Account, a: number, rng: Rng, sessions: number): number {
  const [from, to] = activeDays(account);
  if (to < from) return sessions;
  const count = rng.poisson(((0.6 + 1.2 * account.person.webRate) * (to - from + 1)) / 365);
  let next = sessions;
  for (let s = 0; s < count; s += 1) {
    let instant = Math.max(account.created + 60, instantOn(rng.int(from, to), rng, 7, 23.8));
    for (let q = rng.int(1, 3); q > 0; q -= 1) {
      plan.searches.add(instant);
      plan.searchAccount.push(a);
      plan.searchSession.push(next);
      instant += rng.int(15, 240);
    }
    next += 1;
  }
  return next;
}

function planAnonymousSearches(world: World, plan: EcommercePlan, sessions: number): void {
  const anonymous = Math.round(sessions * 0.5) + 1;
  for (let s = 0; s < anonymous; s += 1) {
    const rng = new Rng(world.seed, S_ANONYMOUS, s);
    let instant = instantOn(rng.int(WINDOW_START_DAY, REFERENCE_DAY - 1), rng, 6, 24);
    for (let q = rng.int(1, 3); q > 0; q -= 1) {
      plan.searches.add(instant);
      plan.searchAccount.push(-1);
      plan.searchSession.push(sessions + s);
      instant += rng.int(15, 240);
    }
  }
}

function planPayments(plan: EcommercePlan, account: Account, a: number, rng: Rng): void {
  const [from, to] = activeDays(account);
  const count = rng.choose(PAYMENT_COUNTS);
  for (let i = 0; i < count; i += 1) {
    const day = to >= from ? rng.int(from, to) : dayOf(account.created);
    plan.payments.add(Math.max(account.created + 120, instantOn(day, rng, 7, 23)));
    plan.paymentAccount.push(a);
  }
}
const PAYMENT_COUNTS = weighted<number>([[0, 30], [1, 50], [2, 15], [3, 5]]);

/** Every order was a cart first; other carts were left behind. Some delivered orders get a review. */
function planCartsAndReviews(world: World, plan: EcommercePlan): void {
  plan.orderAccount.forEach((a, order) => {
    const rng = new Rng(world.seed, S_CART, order);
    const placed = plan.orders.time(order);
    const content = orderContent(world, plan, order);
    plan.orderItems += content.items.length;
    addCart(plan, a, Math.max(world.accounts[a].created + 30, placed - rng.int(120, 3 * 86_400)), placed, order, content.items.length);
    if (content.status === 'delivered' && rng.chance(0.12)) {
      const at = placed + rng.int(5, 40) * 86_400 + rng.int(0, 86_400);
      if (at < REFERENCE_INSTANT && dayOf(at) <= world.accounts[a].lastDay) {
        plan.reviews.add(at);
        plan.reviewOrder.push(order);
      }
    }
  });
  world.accounts.forEach((account, a) => {
    const rng = new Rng(world.seed, S_ABANDONED, a);
    const [from, to] = activeDays(account);
    if (to < from) return;
    const orders = plan.accountOrders[a + 1] - plan.accountOrders[a];
    const left = rng.poisson(0.3 + 0.6 * orders);
    for (let i = 0; i < left; i += 1) {
      const created = Math.max(account.created + 30, instantOn(rng.int(from, to), rng, 7, 23.8));
      const updated = Math.min(REFERENCE_INSTANT - 60, created + rng.int(60, 2 * 3600));
      addCart(plan, a, created, updated, -1, abandonedCartContent(world, plan.carts.size).length);
    }
  });
}

function addCart(plan: EcommercePlan, a: number, created: number, updated: number, order: number, items: number): void {
  plan.carts.add(created);
  plan.cartAccount.push(a);
  plan.cartOrder.push(order);
  plan.cartUpdated.push(updated);
  plan.cartItems += items;
}

// ---------------------------------------------------------------- contents

interface Address {
  kind: 'billing' | 'shipping';
  line1: string;
  line2: string;
  postcode: string;
  city: string;
  isDefault: boolean;
}

/** Home for billing; sometimes a shipping address: home again, or work, or family elsewhere. */
function addressesOf(world: World, account: Account, a: number): Address[] {
  const rng = new Rng(world.seed, S_ADDRESSES, a);
  const p = account.person;
  const home: Address = { kind: 'billing', line1: p.street, line2: p.line2, postcode: p.postcode, city: p.town.name, isDefault: true };
  const list = [home];
  const extra = rng.chance(0.6) ? 0 : rng.chance(0.82) ? 1 : 2;
  for (let i = 0; i < extra; i += 1) {
    if (i === 0 && rng.chance(0.4)) {
      list.push({ ...home, kind: 'shipping', isDefault: true });
      continue;
    }
    const town = rng.choose(TOWN_TABLE);
    list.push({
      kind: 'shipping',
      line1: `${rng.int(1, 200)} ${rng.pick(STREETS)}`,
      line2: rng.chance(0.3) ? rng.pick(ADDRESS_COMPLEMENTS) : '',
      postcode: rng.pick(town.postcodes),
      city: town.name,
      isDefault: i === 0,
    });
  }
  return list;
}

type OrderStatus = 'pending' | 'paid' | 'shipped' | 'delivered' | 'cancelled' | 'returned';

interface OrderContent {
  items: { product: Product; quantity: number }[];
  status: OrderStatus;
  clickAndCollect: string | null;
  totalCents: number;
  updated: number;
}

function pickItems(rng: Rng, mean: number): { product: Product; quantity: number }[] {
  const count = Math.min(8, 1 + rng.geometric(mean));
  const items: { product: Product; quantity: number }[] = [];
  for (let i = 0; i < count; i += 1) {
    const product = rng.choose(PRODUCT_TABLE);
    items.push({ product, quantity: product.priceCents > 5000 || rng.chance(0.8) ? 1 : rng.int(2, 3) });
  }
  return items;
}

function statusFor(rng: Rng, ageDays: number): OrderStatus {
  if (ageDays < 1) return rng.chance(0.4) ? 'pending' : 'paid';
  if (ageDays < 4) return rng.chance(0.5) ? 'paid' : 'shipped';
  if (ageDays < 7 && rng.chance(0.3)) return 'shipped';
  const x = rng.float();
  return x < 0.05 ? 'cancelled' : x < 0.12 ? 'returned' : 'delivered';
}

export function orderContent(world: World, plan: EcommercePlan, order: number): OrderContent {
  const rng = new Rng(world.seed, S_ORDER, order);
  const placed = plan.orders.time(order);
  const account = world.accounts[plan.orderAccount[order]];
  const items = pickItems(rng, 0.9);
  const status = statusFor(rng, (REFERENCE_INSTANT - placed) / 86_400);
  const clickAndCollect = rng.chance(0.2) ? storeFor(account.person.town, dayOf(toParis(placed))).code : null;
  const subtotal = items.reduce((sum, item) => sum + item.quantity * item.product.priceCents, 0);
  const shipping = clickAndCollect || subtotal >= FREE_SHIPPING_FROM_CENTS ? 0 : SHIPPING_CENTS;
  const settled = status === 'pending' ? 0 : status === 'paid' ? rng.int(60, 3600) : rng.int(1, 12) * 86_400;
  return {
    items,
    status,
    clickAndCollect,
    totalCents: subtotal + shipping,
    updated: Math.min(REFERENCE_INSTANT - 1, placed + settled),
  };
}

function abandonedCartContent(world: World, cart: number): { product: Product; quantity: number }[] {
  return pickItems(new Rng(world.seed, S_ABANDONED_ITEMS, cart), 1.2);
}

const REVIEW_RATINGS = weighted<number>([[5, 45], [4, 30], [3, 12], [2, 7], [1, 6]]);
const REVIEW_TEXT: Record<number, [string, string][]> = {
  5: [
    ['Parfait', 'Conforme à la description, très bonne qualité. Je recommande.'],
    ['Très satisfaite', 'Joli produit, livraison rapide, rien à redire.'],
    ['Excellent rapport qualité/prix', 'Acheté pour offrir, il a beaucoup plu.'],
  ],
  4: [
    ['Bon produit', 'Bonne qualité dans l’ensemble, la couleur est un peu plus foncée que sur la photo.'],
    ['Satisfait', 'Correspond à mes attentes. Emballage soigné.'],
  ],
  3: [
    ['Correct', 'Fait le travail sans plus. Un peu cher pour ce que c’est.'],
    ['Moyen', 'Produit correct mais délai de livraison long.'],
  ],
  2: [['Déçue', 'Finitions moyennes, le produit semble fragile.']],
  1: [
    ['À éviter', 'Arrivé abîmé, j’ai dû le renvoyer.'],
    ['Mauvaise qualité', 'Cassé au bout de deux semaines. Service client injoignable.'],
  ],
};

const SEARCH_TYPOS: [RegExp, string][] = [
  [/é/g, 'e'],
  [/è/g, 'e'],
  [/ê/g, 'e'],
  [/à/g, 'a'],
  [/ç/g, 'c'],
];

function searchText(rng: Rng): string {
  if (rng.chance(0.3)) return rng.pick(GENERIC_SEARCHES);
  const product = rng.pick(PRODUCTS);
  let text = rng.chance(0.6) ? product.keywords : product.name.toLowerCase();
  if (rng.chance(0.5)) for (const [pattern, plainLetter] of SEARCH_TYPOS) text = text.replace(pattern, plainLetter);
  return text;
}

// ---------------------------------------------------------------- rows

function* customerRows(world: World): Iterable<string> {
  for (const a of world.accounts) {
    yield copyLine([
      a.id,
      a.email,
      a.passwordHash,
      a.firstName,
      a.lastName,
      a.phone,
      a.birthDay === null ? null : isoDate(a.birthDay),
      a.loyaltyCard,
      a.preferredStore,
      bool(a.newsletter),
      timestamp(a.created),
      timestamp(a.updated),
      a.deleted === null ? null : timestamp(a.deleted),
    ]);
  }
}

function* addressRows(world: World, plan: EcommercePlan): Iterable<string> {
  for (let a = 0; a < world.accounts.length; a += 1) {
    const account = world.accounts[a];
    const addresses = addressesOf(world, account, a);
    for (let k = 0; k < addresses.length; k += 1) {
      const { kind, line1, line2, postcode, city, isDefault } = addresses[k];
      yield copyLine([plan.firstAddress[a] + k, account.id, kind, line1, line2, postcode, city, 'FR', bool(isDefault)]);
    }
  }
}

function* orderRows(world: World, plan: EcommercePlan): Iterable<string> {
  for (const o of plan.orders.inOrder()) {
    const a = plan.orderAccount[o];
    const content = orderContent(world, plan, o);
    // The first shipping address if the customer gave one, else home.
    const shipping = plan.firstAddress[a] + (plan.addressCount[a] > 1 ? 1 : 0);
    yield copyLine([
      plan.orders.id(o),
      orderReference(plan, o),
      world.accounts[a].id,
      content.status,
      euros(content.totalCents),
      'EUR',
      timestamp(plan.orders.time(o)),
      timestamp(content.updated),
      content.clickAndCollect ? null : shipping,
      content.clickAndCollect,
    ]);
  }
}

function* orderItemRows(world: World, plan: EcommercePlan): Iterable<string> {
  let id = 0;
  for (const o of plan.orders.inOrder()) {
    const orderId = plan.orders.id(o);
    for (const { product, quantity } of orderContent(world, plan, o).items) {
      id += 1;
      yield copyLine([id, orderId, product.sku, product.ean, product.name, quantity, euros(product.priceCents)]);
    }
  }
}

function* cartRows(world: World, plan: EcommercePlan): Iterable<string> {
  for (const c of plan.carts.inOrder()) {
    const order = plan.cartOrder[c];
    yield copyLine([
      plan.carts.id(c),
      world.accounts[plan.cartAccount[c]].id,
      timestamp(plan.carts.time(c)),
      timestamp(plan.cartUpdated[c]),
      order >= 0 ? plan.orders.id(order) : null,
    ]);
  }
}

function* cartItemRows(world: World, plan: EcommercePlan): Iterable<string> {
  for (const c of plan.carts.inOrder()) {
    const order = plan.cartOrder[c];
    const items = order >= 0 ? orderContent(world, plan, order).items : abandonedCartContent(world, c);
    const cartId = plan.carts.id(c);
    for (const { product, quantity } of items) {
      yield copyLine([cartId, product.sku, product.ean, product.name, quantity, euros(product.priceCents)]);
    }
  }
}

function* reviewRows(world: World, plan: EcommercePlan): Iterable<string> {
  for (const r of plan.reviews.inOrder()) {
    const order = plan.reviewOrder[r];
    const rng = new Rng(world.seed, S_REVIEW, r);
    const product = orderContent(world, plan, order).items[0].product;
    const rating = rng.choose(REVIEW_RATINGS);
    const [title, body] = rng.pick(REVIEW_TEXT[rating]);
    yield copyLine([
      plan.reviews.id(r),
      world.accounts[plan.orderAccount[order]].id,
      product.sku,
      rating,
      title,
      body,
      timestamp(plan.reviews.time(r)),
      bool(rating >= 3 ? rng.chance(0.97) : rng.chance(0.8)),
    ]);
  }
}

function* searchRows(world: World, plan: EcommercePlan): Iterable<string> {
  for (const s of plan.searches.inOrder()) {
    const a = plan.searchAccount[s];
    const session = new Rng(world.seed, S_SESSION, plan.searchSession[s]).hex(32);
    yield copyLine([
      plan.searches.id(s),
      a >= 0 ? world.accounts[a].id : null,
      session,
      searchText(new Rng(world.seed, S_SEARCH, s)),
      timestamp(plan.searches.time(s)),
    ]);
  }
}

const BRANDS = weighted<string>([['VISA', 55], ['MC', 38], ['AMEX', 7]]);

function* paymentRows(world: World, plan: EcommercePlan): Iterable<string> {
  for (const p of plan.payments.inOrder()) {
    const rng = new Rng(world.seed, S_PAYMENT, p);
    const created = plan.payments.time(p);
    const year = Number(isoDate(dayOf(created)).slice(0, 4));
    yield copyLine([
      plan.payments.id(p),
      world.accounts[plan.paymentAccount[p]].id,
      rng.choose(BRANDS),
      rng.digits(4),
      rng.int(1, 12),
      year + rng.int(1, 5),
      timestamp(created),
    ]);
  }
}

export function ecommerceLoads(world: World, plan: EcommercePlan): TableLoad[] {
  const database = 'ecommerce';
  const addresses = plan.addressCount.reduce((sum, n) => sum + n, 0);
  return [
    {
      database,
      table: 'customers',
      columns: ['id', 'email', 'password_hash', 'first_name', 'last_name', 'phone', 'birth_date', 'loyalty_card', 'preferred_store', 'newsletter', 'created_at', 'updated_at', 'deleted_at'],
      expectedRows: world.accounts.length,
      rows: () => customerRows(world),
    },
    {
      database,
      table: 'addresses',
      columns: ['id', 'customer_id', 'kind', 'line1', 'line2', 'postcode', 'city', 'country', 'is_default'],
      expectedRows: addresses,
      rows: () => addressRows(world, plan),
    },
    {
      database,
      table: 'orders',
      columns: ['id', 'reference', 'customer_id', 'status', 'total_amount', 'currency', 'placed_at', 'updated_at', 'shipping_address_id', 'click_and_collect_store'],
      expectedRows: plan.orders.size,
      rows: () => orderRows(world, plan),
    },
    {
      database,
      table: 'order_items',
      columns: ['id', 'order_id', 'sku', 'ean', 'name', 'quantity', 'unit_price'],
      expectedRows: plan.orderItems,
      rows: () => orderItemRows(world, plan),
    },
    {
      database,
      table: 'carts',
      columns: ['id', 'customer_id', 'created_at', 'updated_at', 'converted_order_id'],
      expectedRows: plan.carts.size,
      rows: () => cartRows(world, plan),
    },
    {
      database,
      table: 'cart_items',
      columns: ['cart_id', 'sku', 'ean', 'name', 'quantity', 'unit_price'],
      expectedRows: plan.cartItems,
      rows: () => cartItemRows(world, plan),
    },
    {
      database,
      table: 'reviews',
      columns: ['id', 'customer_id', 'sku', 'rating', 'title', 'body', 'created_at', 'published'],
      expectedRows: plan.reviews.size,
      rows: () => reviewRows(world, plan),
    },
    {
      database,
      table: 'searches',
      columns: ['id', 'customer_id', 'session_id', 'query', 'searched_at'],
      expectedRows: plan.searches.size,
      rows: () => searchRows(world, plan),
    },
    {
      database,
      table: 'payment_methods',
      columns: ['id', 'customer_id', 'brand', 'last4', 'exp_month', 'exp_year', 'created_at'],
      expectedRows: plan.payments.size,
      rows: () => paymentRows(world, plan),
    },
  ];
}
