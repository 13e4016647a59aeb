// Marketing list cursors: the sort key `[instant, id]` of the last row a page gave (kit/cursor.ts
// `InstantKey`): PostgreSQL's own UTC text of the timestamptz, microseconds kept, and the row's id
// as text (a bigint, or a coupon code).
export { pageInfoOf } from '../kit/cursor';
export type { InstantKey as SortKey } from '../kit/cursor';
export { encodeInstantCursor as encodeCursor, decodeInstantCursor as decodeCursor } from '../kit/cursor';
