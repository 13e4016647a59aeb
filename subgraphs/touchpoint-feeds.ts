// Every channel's touchpoint feeds, in one list: the hub's journal runner loops over it.
import { callcentreFeeds } from './callcentre/touchpoints.feed';
import { ecommerceFeeds } from './ecommerce/touchpoints.feed';
import type { TouchpointFeed } from './kit/touchpoints';
import { marketingFeeds } from './marketing/touchpoints.feed';
import { storeFeeds } from './store/touchpoints.feed';

export const TOUCHPOINT_FEEDS: readonly TouchpointFeed[] = [...storeFeeds, ...ecommerceFeeds, ...callcentreFeeds, ...marketingFeeds];
