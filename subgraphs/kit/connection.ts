// One connection builder for every subgraph: a page of rows (read one beyond the page, so that the
// extra row says whether another page follows) becomes `edges` (node and opaque cursor), `nodes`
// (the same nodes, for clients that need no cursor) and `pageInfo`.
import { PageInfo } from '../../schema/common';
import { pageInfoOf } from './cursor';

export interface Page<N> {
  edges: { cursor: string; node: N }[];
  nodes: N[];
  pageInfo: PageInfo;
}

/** `rows` holds up to `limit + 1` rows in page order; `cursorOf` gives the opaque cursor of one. */
export function connectionOf<R, N>(rows: readonly R[], limit: number, toNode: (row: R) => N, cursorOf: (row: R, node: N) => string): Page<N> {
  const edges = rows.slice(0, limit).map((row) => {
    const node = toNode(row);
    return { cursor: cursorOf(row, node), node };
  });
  return { edges, nodes: edges.map((edge) => edge.node), pageInfo: pageInfoOf(rows.length > limit, edges.at(-1)?.cursor ?? null) };
}
