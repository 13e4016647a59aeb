// How the gateway calls a subgraph that runs in its own process (the single-process layout of
// `npm start`): the request object and the caller the gateway verified are handed to the
// subgraph's Apollo Server directly (kit/subgraph.ts `execute`, Apollo Server's `executeOperation`),
// with no HTTP hop — no JSON written and parsed (the answer's objects are handed back as they are),
// no socket, no HMAC computed and checked, no nonce remembered.
//
// Why that keeps the signature's guarantees. Over HTTP the signature proves four things to the
// subgraph: the request comes from a holder of the gateway's secret (nobody around the gateway),
// the caller in it is the one the gateway verified (no client-set identity), the body is the one
// the gateway sent (not altered on the way), and it is fresh, meant for this subgraph and not seen
// before (no replay). In-process there is no way: the only code that reaches `execute` is this
// data source, in the gateway's own process; the caller is read from the gateway's context (the
// token it verified in gateway/server.ts), never from anything the client sent; the request and
// the answer are objects in memory, and `execute` belongs to one subgraph, so it cannot be
// misdirected or captured and played again. The caller still passes through the header's encoding
// and checks (`decodeCaller`, once per client request and subgraph), so a subgraph sees exactly
// the caller the HTTP path would give it. The subgraphs' HTTP endpoints stay up, signed as before,
// for anything outside the process (readiness probes, Hive Gateway, another gateway).
//
// The rest is SignedDataSource's behaviour: a timeout, the subgraph's circuit breaker (an answer
// judged by the same rule, `isFailedResult`), and a failure turned into UPSTREAM_UNAVAILABLE
// naming the service and nothing else. A stopped subgraph (failure tests) refuses like a closed port.
import type { GraphQLDataSource, GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { GraphQLDataSourceRequestKind } from '@apollo/gateway/dist/datasources/types';
import type { GatewayGraphQLResponse } from '@apollo/server-gateway-interface';
import { ANONYMOUS, Caller } from '../subgraphs/kit/access/principal';
import type { RunningSubgraph, SubgraphAnswer } from '../subgraphs/kit/subgraph';
import { CircuitBreaker } from './breaker';
import { GatewayContext, isFailedResult, unavailable } from './signed-data-source';

/** A subgraph answer that is not 2xx: what RemoteGraphQLDataSource throws for it, without a URL. */
class SubgraphRefusedError extends Error {
  constructor(readonly status: number) {
    super(`the subgraph answered HTTP ${status}`);
    this.name = 'SubgraphRefusedError';
  }
}

class SubgraphTimeoutError extends Error {
  constructor(timeoutMs: number) {
    super(`no answer within ${timeoutMs} ms`);
    this.name = 'TimeoutError';
  }
}

/** Waits for `work` at most `timeoutMs` (the work itself runs on, as a request whose client hung up would). */
function withTimeout<T>(work: Promise<T>, timeoutMs: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new SubgraphTimeoutError(timeoutMs)), timeoutMs);
  });
  work.catch(() => undefined);
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

export class InProcessDataSource implements GraphQLDataSource<GatewayContext> {
  /**
   * `subgraph` is asked at every call, so that a subgraph stopped and restarted (failure tests,
   * `RunningGraph.restartSubgraph`) is found again, and a stopped one (undefined) refuses.
   */
  constructor(
    private readonly serviceName: string,
    private readonly subgraph: () => RunningSubgraph | undefined,
    private readonly timeoutMs: number,
    private readonly breaker?: CircuitBreaker,
  ) {}

  async process(options: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<GatewayGraphQLResponse> {
    // Only the gateway's verified caller goes to the subgraph (a health check or schema load has none).
    const caller: Caller =
      options.kind === GraphQLDataSourceRequestKind.INCOMING_OPERATION
        ? options.context.caller
        : { principal: ANONYMOUS, requestId: '', purpose: null };
    const { query, variables, operationName, extensions } = options.request;
    try {
      if (!query) throw new Error('Missing query');
      const call = async (): Promise<SubgraphAnswer> => {
        const running = this.subgraph();
        if (!running) throw new Error(`the ${this.serviceName} subgraph is stopped`);
        return withTimeout(running.execute({ query, variables, operationName, extensions }, caller), this.timeoutMs);
      };
      const answer = this.breaker ? await this.breaker.run(call, ({ status, result }) => isFailedResult(status, result)) : await call();
      if (answer.status < 200 || answer.status >= 300) throw new SubgraphRefusedError(answer.status);
      return answer.result as GatewayGraphQLResponse;
    } catch (error) {
      throw unavailable(this.serviceName, error, options);
    }
  }
}
