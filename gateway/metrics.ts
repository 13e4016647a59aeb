// Prometheus metrics at /metrics: operations by name and outcome, and their duration.
// Operation names are chosen by clients: they are bounded in length, never personal data by
// design of the API (variables are never recorded).
import type { ApolloServerPlugin } from '@apollo/server';
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export function createMetrics(): { registry: Registry; plugin: ApolloServerPlugin } {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const operations = new Counter({
    name: 'graphql_operations_total',
    help: 'GraphQL operations, by operation name and outcome',
    labelNames: ['operation', 'outcome'],
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'graphql_operation_duration_seconds',
    help: 'GraphQL operation duration',
    labelNames: ['operation'],
    buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  const plugin: ApolloServerPlugin = {
    async requestDidStart() {
      const stop = duration.startTimer();
      return {
        async willSendResponse(context) {
          const operation = (context.operationName ?? 'anonymous').slice(0, 64);
          stop({ operation });
          operations.inc({ operation, outcome: context.errors?.length ? 'error' : 'ok' });
        },
      };
    },
  };
  return { registry, plugin };
}
