// How many requests run at once: per client (the token's subject and role, or the address of an
// anonymous caller) and in total. Past either limit a request is refused at once with 429 and
// Retry-After, instead of queueing behind work that may take long: one client's ten worst-case
// queries then cannot make everyone else's wait (issue 13, bounded work).
export interface ConcurrencyLimits {
  perClient: number;
  total: number;
}

export class ConcurrencyLimiter {
  private readonly running = new Map<string, number>();
  private total = 0;

  constructor(private readonly limits: ConcurrencyLimits) {}

  /** A release function when the request may run now; null when a limit is reached. */
  tryAcquire(client: string): (() => void) | null {
    const mine = this.running.get(client) ?? 0;
    if (mine >= this.limits.perClient || this.total >= this.limits.total) return null;
    this.running.set(client, mine + 1);
    this.total += 1;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.total -= 1;
      const left = (this.running.get(client) ?? 1) - 1;
      if (left <= 0) this.running.delete(client);
      else this.running.set(client, left);
    };
  }

  get inFlight(): number {
    return this.total;
  }
}

/**
 * How much work one client may have running: the sum of the costs (gateway/query-cost.ts) of its
 * requests in flight. A count of requests treats a 10,000-row aggregate like a 50-value screen; a
 * budget lets a client run many small requests at once but only a few of the largest.
 */
export class CostBudget {
  private readonly spent = new Map<string, number>();

  constructor(private readonly perClient: number) {}

  /** A release function when `cost` fits in the client's budget now (a request alone always fits); null otherwise. */
  tryTake(client: string, cost: number): (() => void) | null {
    const used = this.spent.get(client) ?? 0;
    if (used > 0 && used + cost > this.perClient) return null;
    this.spent.set(client, used + cost);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (this.spent.get(client) ?? cost) - cost;
      if (left <= 0) this.spent.delete(client);
      else this.spent.set(client, left);
    };
  }
}

/** The client a principal is, for the limits: role and subject (every anonymous caller is one client). */
export function clientOf(principal: { role: string; subject: string }): string {
  return `${principal.role}:${principal.subject}`;
}
