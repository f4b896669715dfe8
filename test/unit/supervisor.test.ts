// The embedded stack's restart policy (scripts/servers/supervisor.ts, issue 14 item 9): a part that
// dies comes back after a back-off that doubles up to a cap and starts over once the part stayed
// up long enough; the supervisor logs every crash and restart, retries a restart that fails, and
// never restarts anything once it is stopped. Fake parts, no processes.
import { Backoff, DEFAULT_RESTART_POLICY, Supervisor, type CrashHandler } from '../../scripts/servers/supervisor';

const policy = { initialDelayMs: 1000, maxDelayMs: 30_000, stableAfterMs: 60_000 };

describe('Backoff', () => {
  it('doubles the wait after each crash of a part that keeps crashing, up to the cap', () => {
    const backoff = new Backoff(policy);
    let now = 0;
    const waits: number[] = [];
    for (let i = 0; i < 8; i++) {
      backoff.up(now);
      now += 500; // dies half a second after every start
      waits.push(backoff.crashed(now));
      now += waits[i];
    }
    expect(waits).toEqual([1000, 2000, 4000, 8000, 16_000, 30_000, 30_000, 30_000]);
  });

  it('starts over at the first wait once the part stayed up for stableAfterMs', () => {
    const backoff = new Backoff(policy);
    backoff.up(0);
    expect(backoff.crashed(10)).toBe(1000);
    backoff.up(1010);
    expect(backoff.crashed(1020)).toBe(2000);
    backoff.up(3020);
    expect(backoff.crashed(3020 + 59_999)).toBe(4000); // just short of stable
    backoff.up(100_000);
    expect(backoff.crashed(100_000 + 60_000)).toBe(1000);
  });

  it('keeps doubling while restarts fail to come up (no "up" between them)', () => {
    const backoff = new Backoff(policy);
    backoff.up(0);
    expect(backoff.crashed(120_000)).toBe(1000);
    expect([backoff.failed(), backoff.failed(), backoff.failed()]).toEqual([2000, 4000, 8000]);
  });

  it('ships a policy of 1 s doubling to 30 s, healthy again after a minute', () => {
    expect(DEFAULT_RESTART_POLICY).toEqual(policy);
  });
});

/** A fake part: `crash()` plays its process dying. */
class FakePart {
  stopped = false;
  constructor(
    readonly n: number,
    readonly crash: () => void,
  ) {}
  async stop(): Promise<void> {
    this.stopped = true;
  }
}

function harness(outcomes: Array<'ok' | 'fail'> = []) {
  const lines: string[] = [];
  const parts: FakePart[] = [];
  let attempts = 0;
  const start = async (onCrash: CrashHandler): Promise<FakePart> => {
    attempts += 1;
    if ((outcomes[attempts - 1] ?? 'ok') === 'fail') throw new Error(`attempt ${attempts} failed`);
    const part = new FakePart(attempts, () => onCrash({ code: null, signal: 'SIGKILL' }, 'last words'));
    parts.push(part);
    return part;
  };
  return { lines, parts, start, attempts: () => attempts };
}

const until = async (cond: () => boolean, ms = 2000) => {
  const deadline = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 5));
  }
};

describe('Supervisor', () => {
  const fast = { initialDelayMs: 100, maxDelayMs: 400, stableAfterMs: 60_000 };

  it('restarts a part that died, after the back-off, with a log line for the crash and one for the return', async () => {
    const h = harness();
    const sup = await Supervisor.start({ name: 'worker', start: h.start, say: (l) => h.lines.push(l), policy: fast });
    expect(sup.current?.n).toBe(1);

    const t0 = Date.now();
    h.parts[0].crash();
    expect(sup.current).toBeUndefined();
    await until(() => sup.current?.n === 2);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(95);
    expect(sup.restarts).toBe(1);
    expect(h.lines[0]).toMatch(
      /^worker was killed by SIGKILL unexpectedly; restarting it in 0\.1 s\n--- last output of worker ---\nlast words/,
    );
    expect(h.lines[1]).toMatch(/^worker is back \(restart 1, /);

    h.parts[1].crash(); // a second crash soon after: the wait doubled
    await until(() => sup.current?.n === 3);
    expect(h.lines[2]).toContain('restarting it in 0.2 s');
    await sup.stop();
    expect(h.parts[2].stopped).toBe(true);
  });

  it('tries again when a restart does not come up, and says so', async () => {
    const h = harness(['ok', 'fail', 'fail', 'ok']);
    const sup = await Supervisor.start({ name: 'api', start: h.start, say: (l) => h.lines.push(l), policy: fast });
    h.parts[0].crash();
    await until(() => sup.current !== undefined, 3000);
    expect(h.attempts()).toBe(4);
    expect(h.lines.filter((l) => l.startsWith('api did not come back: attempt'))).toHaveLength(2);
    expect(h.lines.at(-1)).toMatch(/^api is back \(restart 1, /);
    await sup.stop();
  });

  it('restarts nothing once stopped, even a crash pending its back-off', async () => {
    const h = harness();
    const sup = await Supervisor.start({ name: 'worker', start: h.start, say: (l) => h.lines.push(l), policy: fast });
    h.parts[0].crash();
    await sup.stop();
    await new Promise((r) => setTimeout(r, 250));
    expect(h.attempts()).toBe(1);
    expect(sup.current).toBeUndefined();
  });

  it('a first start that fails fails the caller (the stack does not start half a system)', async () => {
    const h = harness(['fail']);
    await expect(Supervisor.start({ name: 'api', start: h.start, say: () => undefined, policy: fast })).rejects.toThrow('attempt 1 failed');
  });
});
