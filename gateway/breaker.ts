// A circuit breaker per subgraph. While a subgraph (or the legacy system behind it) is down, each
// client request would otherwise wait for a refused connection or a timeout before the rest of its
// answer goes out. After `failureThreshold` consecutive failures the breaker opens: calls fail at
// once (the data source answers UPSTREAM_UNAVAILABLE naming the service). After `resetMs` the next
// call is let through as a trial (half-open; calls meanwhile still fail at once): a success closes
// the breaker, a failure opens it for another `resetMs`. So a restarted subgraph serves again at
// most `resetMs` after it is back, without restarting the gateway.
//
// Ours rather than opossum's: opossum opens on a failure percentage over a rolling window (a
// timer per breaker) and cannot count a call that returned as a failure; here the rule is
// consecutive failures, a returned answer can be judged a failure, and no timer runs.
import { logger } from '../subgraphs/kit/logger';

export interface BreakerSettings {
  /** Consecutive failed calls that open the breaker. */
  failureThreshold: number;
  /** How long an open breaker refuses before letting one trial call through. */
  resetMs: number;
}

export type BreakerState = 'closed' | 'open' | 'half-open';

/** A call refused without being made: the breaker is open. */
export class BreakerOpenError extends Error {
  constructor(readonly serviceName: string) {
    super(`circuit open for ${serviceName}`);
    this.name = 'BreakerOpenError';
  }
}

export class CircuitBreaker {
  private failures = 0;
  private openedAt: number | undefined;
  private trialInFlight = false;

  constructor(
    readonly serviceName: string,
    private readonly settings: BreakerSettings,
    private readonly onChange: (state: BreakerState, serviceName: string) => void = () => undefined,
    private readonly now: () => number = Date.now,
  ) {}

  /** `open` while refusing, `half-open` once a trial may go (or is under way). */
  get state(): BreakerState {
    if (this.openedAt === undefined) return 'closed';
    return this.trialInFlight || this.now() - this.openedAt >= this.settings.resetMs ? 'half-open' : 'open';
  }

  /**
   * Runs `call` unless the breaker refuses it (BreakerOpenError). A call fails when it throws, or
   * when `failed` says so of what it returned (which is still returned to the caller).
   */
  async run<T>(call: () => Promise<T>, failed: (result: T) => boolean = () => false): Promise<T> {
    const trial = this.admit();
    let result: T;
    try {
      result = await call();
    } catch (error) {
      this.record(false, trial);
      throw error;
    }
    this.record(!failed(result), trial);
    return result;
  }

  /** Whether this call is the half-open trial; throws when the breaker refuses it. */
  private admit(): boolean {
    if (this.openedAt === undefined) return false;
    if (this.state !== 'half-open' || this.trialInFlight) throw new BreakerOpenError(this.serviceName);
    this.trialInFlight = true;
    this.onChange('half-open', this.serviceName);
    return true;
  }

  private record(succeeded: boolean, trial: boolean): void {
    if (trial) this.trialInFlight = false;
    if (succeeded) {
      this.failures = 0;
      // Only the trial closes the breaker: a call admitted before it opened proves nothing new.
      if (trial) {
        this.openedAt = undefined;
        this.onChange('closed', this.serviceName);
      }
      return;
    }
    this.failures += 1;
    if (trial || (this.openedAt === undefined && this.failures >= this.settings.failureThreshold)) {
      this.openedAt = this.now();
      this.onChange('open', this.serviceName);
    }
  }
}

/** One breaker per subgraph, each logging its changes (an operator sees when a system goes and comes back). */
export function createBreakers<Name extends string>(names: readonly Name[], settings: BreakerSettings): Record<Name, CircuitBreaker> {
  const log = (state: BreakerState, serviceName: string): void => {
    if (state === 'open') logger.warn({ serviceName, resetMs: settings.resetMs }, 'circuit open: calls refused until a trial succeeds');
    else if (state === 'closed') logger.info({ serviceName }, 'circuit closed: the subgraph answers again');
    else logger.debug({ serviceName }, 'circuit half-open: one trial call');
  };
  return Object.fromEntries(names.map((name) => [name, new CircuitBreaker(name, settings, log)])) as Record<Name, CircuitBreaker>;
}
