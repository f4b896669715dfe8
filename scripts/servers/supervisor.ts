// Keeps one part of the embedded stack running. When it dies without having been asked to stop,
// it is started again after a back-off that doubles with every failed attempt (1 s, 2 s, 4 s ...
// up to 30 s) and starts over at 1 s once the part has stayed up for a minute, so a part that
// crashes at once on every start does not spin the machine, and one that crashed once a day comes
// back at once. Every crash and every restart is one log line with the reason.
import type { ExitInfo, RunningServer } from './process';

export interface RestartPolicy {
  initialDelayMs: number;
  maxDelayMs: number;
  /** Up this long, a part is considered healthy again: the next crash waits initialDelayMs. */
  stableAfterMs: number;
}

export const DEFAULT_RESTART_POLICY: RestartPolicy = { initialDelayMs: 1000, maxDelayMs: 30_000, stableAfterMs: 60_000 };

/**
 * The restart delays of one part, kept apart from processes and timers so that the policy can be
 * tested on its own (test/unit/supervisor.test.ts).
 */
export class Backoff {
  private delayMs: number;
  private upSince: number | undefined;

  constructor(private readonly policy: RestartPolicy = DEFAULT_RESTART_POLICY) {
    this.delayMs = policy.initialDelayMs;
  }

  /** The part became ready at `now`. */
  up(now: number): void {
    this.upSince = now;
  }

  /** The part died at `now`: how long to wait before starting it again. */
  crashed(now: number): number {
    if (this.upSince !== undefined && now - this.upSince >= this.policy.stableAfterMs) this.delayMs = this.policy.initialDelayMs;
    this.upSince = undefined;
    return this.next();
  }

  /** A restart did not come up: how long to wait before the next attempt. */
  failed(): number {
    return this.next();
  }

  private next(): number {
    const delay = this.delayMs;
    this.delayMs = Math.min(this.delayMs * 2, this.policy.maxDelayMs);
    return delay;
  }
}

export type CrashHandler = (info: ExitInfo, lastLines: string) => void;

export interface SupervisorOptions<T extends RunningServer> {
  /** The part's name in log lines ("worker", "api", "ferretdb"). */
  name: string;
  /**
   * Starts the part and resolves once it is ready, or rejects (and leaves nothing running).
   * `onCrash` must be called when it exits later without stop(); `signal` aborts a start that
   * is still waiting for readiness when the stack stops.
   */
  start: (onCrash: CrashHandler, signal: AbortSignal) => Promise<T>;
  /** One line to the operator (the stack prints it with its prefix). */
  say: (line: string) => void;
  policy?: Partial<RestartPolicy>;
}

export function describeExit(info: ExitInfo): string {
  return info.signal ? `was killed by ${info.signal}` : `exited with code ${info.code}`;
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** A part under supervision: `current` is the running instance (undefined while it restarts). */
export class Supervisor<T extends RunningServer> implements RunningServer {
  current: T | undefined;
  /** Successful restarts so far. */
  restarts = 0;
  private readonly backoff: Backoff;
  private readonly aborter = new AbortController();
  private timer: NodeJS.Timeout | undefined;
  private starting: Promise<void> | undefined;
  private stopping: Promise<void> | undefined;

  private constructor(private readonly opts: SupervisorOptions<T>) {
    this.backoff = new Backoff({ ...DEFAULT_RESTART_POLICY, ...opts.policy });
  }

  /** The first start: a part that cannot start at all fails the caller (the stack's start-up). */
  static async start<T extends RunningServer>(opts: SupervisorOptions<T>): Promise<Supervisor<T>> {
    const supervisor = new Supervisor(opts);
    supervisor.current = await opts.start(supervisor.crashHandler(), supervisor.aborter.signal);
    supervisor.backoff.up(Date.now());
    return supervisor;
  }

  get name(): string {
    return this.opts.name;
  }

  /** Stops the part and any restart under way; no restart follows. Idempotent. */
  stop(): Promise<void> {
    this.stopping ??= (async () => {
      clearTimeout(this.timer);
      this.aborter.abort(new Error(`${this.opts.name}: the stack is stopping`));
      await this.starting;
      await this.current?.stop();
    })();
    return this.stopping;
  }

  private crashHandler(): CrashHandler {
    return (info, lastLines) => {
      if (this.stopping) return;
      this.current = undefined;
      const crashedAt = Date.now();
      const delay = this.backoff.crashed(crashedAt);
      const tail = lastLines.trim() ? `\n--- last output of ${this.opts.name} ---\n${lastLines}\n---` : '';
      this.opts.say(`${this.opts.name} ${describeExit(info)} unexpectedly; restarting it in ${seconds(delay)}${tail}`);
      this.scheduleRestart(delay, crashedAt);
    };
  }

  private scheduleRestart(delay: number, crashedAt: number): void {
    this.timer = setTimeout(() => {
      this.starting = this.restart(crashedAt).finally(() => (this.starting = undefined));
    }, delay);
  }

  private async restart(crashedAt: number): Promise<void> {
    if (this.stopping) return;
    try {
      const server = await this.opts.start(this.crashHandler(), this.aborter.signal);
      if (this.stopping) {
        await server.stop();
        return;
      }
      this.current = server;
      this.backoff.up(Date.now());
      this.restarts += 1;
      this.opts.say(`${this.opts.name} is back (restart ${this.restarts}, ${seconds(Date.now() - crashedAt)} after the crash)`);
    } catch (err) {
      if (this.stopping) return;
      const reason = err instanceof Error ? err.message : String(err);
      const delay = this.backoff.failed();
      this.opts.say(`${this.opts.name} did not come back: ${reason}\nnext attempt in ${seconds(delay)}`);
      this.scheduleRestart(delay, crashedAt);
    }
  }
}
