// The gateway's circuit breaker (gateway/breaker.ts), on a clock the test moves: it opens after
// consecutive failures only, refuses at once while open, lets one trial through after the reset
// time, and closes on the trial's success or opens again on its failure.
import { BreakerOpenError, BreakerState, CircuitBreaker } from '../gateway/breaker';

let clock = 0;
let changes: BreakerState[];
let breaker: CircuitBreaker;

const ok = () => Promise.resolve('answer');
const down = () => Promise.reject(new Error('ECONNREFUSED'));

beforeEach(() => {
  clock = 1_000_000;
  changes = [];
  breaker = new CircuitBreaker('store', { failureThreshold: 3, resetMs: 1000 }, (state) => changes.push(state), () => clock);
});

async function fail(times: number): Promise<void> {
  for (let i = 0; i < times; i++) await expect(breaker.run(down)).rejects.toThrow('ECONNREFUSED');
}

it('opens after consecutive failures only: a success in between starts the count again', async () => {
  await fail(2);
  await expect(breaker.run(ok)).resolves.toBe('answer');
  await fail(2);
  expect(breaker.state).toBe('closed');
  await fail(1);
  expect(breaker.state).toBe('open');
  expect(changes).toEqual(['open']);
});

it('refuses at once while open, without making the call', async () => {
  await fail(3);
  const call = jest.fn(ok);
  clock += 999;
  await expect(breaker.run(call)).rejects.toBeInstanceOf(BreakerOpenError);
  await expect(breaker.run(call)).rejects.toThrow('circuit open for store');
  expect(call).not.toHaveBeenCalled();
});

it('lets one trial through after the reset time, refusing the others meanwhile, and closes on its success', async () => {
  await fail(3);
  clock += 1000;
  expect(breaker.state).toBe('half-open');
  let answer!: (value: string) => void;
  const trial = breaker.run(() => new Promise<string>((resolve) => (answer = resolve)));
  const meanwhile = jest.fn(ok);
  await expect(breaker.run(meanwhile)).rejects.toBeInstanceOf(BreakerOpenError);
  expect(meanwhile).not.toHaveBeenCalled();
  answer('back');
  await expect(trial).resolves.toBe('back');
  expect(breaker.state).toBe('closed');
  await expect(breaker.run(ok)).resolves.toBe('answer');
  expect(changes).toEqual(['open', 'half-open', 'closed']);
});

it('opens again for a whole reset time when the trial fails', async () => {
  await fail(3);
  clock += 1500;
  await fail(1);
  expect(breaker.state).toBe('open');
  clock += 999;
  await expect(breaker.run(ok)).rejects.toBeInstanceOf(BreakerOpenError);
  clock += 1;
  await expect(breaker.run(ok)).resolves.toBe('answer');
  expect(changes).toEqual(['open', 'half-open', 'open', 'half-open', 'closed']);
});

it('counts an answer judged failed as a failure, and still returns it', async () => {
  const unavailable = () => Promise.resolve({ errors: [{ extensions: { code: 'UPSTREAM_UNAVAILABLE' } }] });
  const isFailure = (answer: { errors?: unknown[] }) => (answer.errors?.length ?? 0) > 0;
  for (let i = 0; i < 3; i++) await expect(breaker.run(unavailable, isFailure)).resolves.toHaveProperty('errors');
  expect(breaker.state).toBe('open');
});

it('does not let a call admitted before the breaker opened close it', async () => {
  let answer!: (value: string) => void;
  const slow = breaker.run(() => new Promise<string>((resolve) => (answer = resolve)));
  await fail(3);
  answer('late');
  await expect(slow).resolves.toBe('late');
  expect(breaker.state).toBe('open');
});
