// The store system's touchpoint feeds (issue 5): its legacy tables read incrementally, as
// normalised touchpoints for the hub's journal. See subgraphs/kit/touchpoints.ts.
import type { TouchpointFeed } from '../kit/touchpoints';

export const storeFeeds: TouchpointFeed[] = [];
