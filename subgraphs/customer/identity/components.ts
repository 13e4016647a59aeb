// Connected components in SQL, by label propagation: every node starts labelled by its own id and
// repeatedly takes the smallest label among its neighbours until nothing changes. Each round is one
// set-based statement over all edges, so the number of statements grows with the longest chain in
// a component (a handful of records per person), never with the number of records.
import { Queryable } from '../../kit/database';

/** A longer chain than this is no person's records: it would mean a runaway bridge, so stop loudly. */
const MAX_ROUNDS = 64;

export interface LabelTables {
  /** Table with columns (node, label); label starts equal to node for nodes to be labelled. */
  nodes: string;
  /** Table with columns (x, y), both directions present. */
  edges: string;
  /** Column names in the nodes table. */
  nodeColumn: string;
}

const SAFE_NAME = /^[a-z_][a-z0-9_]*$/;

/** Runs label propagation to a fixed point; returns the number of rounds it took. */
export async function propagateLabels(tx: Queryable, tables: LabelTables): Promise<number> {
  for (const name of [tables.nodes, tables.edges, tables.nodeColumn]) {
    // Table names cannot be parameters; these come from our own constants, checked here anyway.
    if (!SAFE_NAME.test(name)) throw new Error(`unsafe SQL name ${name}`);
  }
  const { nodes, edges, nodeColumn: node } = tables;
  for (let round = 1; round <= MAX_ROUNDS; round += 1) {
    const [{ changed }] = await tx.query<{ changed: number }>(
      `WITH smallest AS (
         SELECT e.x AS node, min(n.label) AS label
           FROM ${edges} e JOIN ${nodes} n ON n.${node} = e.y
          GROUP BY e.x
       ), moved AS (
         UPDATE ${nodes} n SET label = s.label
           FROM smallest s
          WHERE n.${node} = s.node AND s.label < n.label
         RETURNING 1
       )
       SELECT count(*)::int AS changed FROM moved`,
    );
    if (changed === 0) return round;
  }
  throw new Error(`label propagation did not settle in ${MAX_ROUNDS} rounds (${nodes})`);
}

/** A strength level per round and two propagations each: more levels than this is a bug in rules.ts. */
const MAX_CUT_LEVELS = 64;

export interface CutStatements {
  CUT_SETUP: string;
  CUT_LEVELS: string;
  CUT_TRY_LEVEL: readonly string[];
  CUT_LEVEL: string;
  CUT_KEEP_LEVEL: string;
  CUT_APPLY: string;
}

/**
 * Cuts the weakest edges of contradictory components (link.sql.ts CUT_*): the components' edges are
 * taken back strongest level first, and a level's edges that would join contradictory records are
 * cut. Returns the label-propagation rounds it took. Statements: a fixed few per strength level,
 * and the levels are the few values rules.ts edgeStrengthSql can take, whatever the data.
 */
export async function cutWeakestEdges(tx: Queryable, sql: CutStatements): Promise<number> {
  await tx.query(sql.CUT_SETUP);
  const levels = (await tx.query<{ strength: number }>(sql.CUT_LEVELS)).map((row) => row.strength);
  if (levels.length > MAX_CUT_LEVELS) throw new Error(`weakest-edge cut: ${levels.length} strength levels, at most ${MAX_CUT_LEVELS} expected`);
  let rounds = 0;
  for (const level of levels) {
    for (const statement of sql.CUT_TRY_LEVEL) await tx.query(statement, statement.includes('$1') ? [level] : []);
    rounds += await propagateLabels(tx, { nodes: 'w_tnode', edges: 'w_ctry', nodeColumn: 'rid' });
    await tx.query(sql.CUT_LEVEL, [level]);
    await tx.query(sql.CUT_KEEP_LEVEL, [level]);
    rounds += await propagateLabels(tx, { nodes: 'w_cnode', edges: 'w_ckept', nodeColumn: 'rid' });
  }
  await tx.query(sql.CUT_APPLY);
  return rounds;
}
