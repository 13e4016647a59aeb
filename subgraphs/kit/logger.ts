// One pino logger for the process. Structured JSON, never personal data: callers log ids, counts
// and timings, not names, e-mails, phone numbers or SQL parameters.
import pino from 'pino';

export const logger = pino({
  level: process.env.LOG_LEVEL ?? (process.env.NODE_ENV === 'test' ? 'silent' : 'info'),
  base: { service: 'customer-graph' },
  // Defence in depth: should a caller pass one of these keys, it never reaches the log.
  redact: {
    paths: ['*.password', '*.email', '*.phone', '*.name', 'req.headers.authorization', 'params'],
    censor: '[redacted]',
  },
});
