// Small measuring tools shared by the benchmarks: bounded concurrent runs, percentiles, and the
// CPU time each process of the stack spent during a section.
import fs from 'node:fs';
import { performance } from 'node:perf_hooks';

export interface RunStats {
  count: number;
  errors: number;
  seconds: number;
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
}

export function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index];
}

/** Runs `task(i)` for i < count with at most `concurrency` in flight; times each call. */
export async function runConcurrent(count: number, concurrency: number, task: (i: number) => Promise<void>): Promise<RunStats> {
  const latencies: number[] = [];
  let errors = 0;
  let next = 0;
  const started = process.hrtime.bigint();
  const lane = async () => {
    while (next < count) {
      const i = next;
      next += 1;
      const t0 = process.hrtime.bigint();
      try {
        await task(i);
        latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
      } catch {
        errors += 1;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, lane));
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  latencies.sort((a, b) => a - b);
  return {
    count,
    errors,
    seconds,
    perSecond: latencies.length / seconds,
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
  };
}

export function ratio(a: number, b: number): string {
  return b > 0 ? (a / b).toFixed(2) : 'n/a';
}

/** Clock ticks per second of /proc/<pid>/stat (USER_HZ: 100 on every Linux the bench runs on). */
const TICKS_PER_SECOND = 100;

/** CPU seconds (user + system) of a process and all its live descendants, from /proc; 0 when gone. */
export function treeCpuSeconds(rootPid: number): number {
  const children = new Map<number, number[]>();
  const ticks = new Map<number, number>();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue; // exited meanwhile
    }
    // The command name (field 2) may hold spaces and parentheses: fields are counted after its last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const pid = Number(entry);
    const ppid = Number(fields[1]);
    ticks.set(pid, Number(fields[11]) + Number(fields[12]));
    children.set(ppid, [...(children.get(ppid) ?? []), pid]);
  }
  let total = 0;
  const pending = [rootPid];
  while (pending.length) {
    const pid = pending.pop()!;
    total += ticks.get(pid) ?? 0;
    pending.push(...(children.get(pid) ?? []));
  }
  return total / TICKS_PER_SECOND;
}

/**
 * CPU time of the stack's processes over one section of the bench, so a figure can say where its
 * time went: `mark()` before the section, `line()` after it names each process's CPU seconds and
 * its share of the section's wall time (2 cores: 200% is the whole machine).
 */
export class CpuMeter {
  private started = new Map<string, number>();
  private startedAt = 0;
  private selfStarted = process.cpuUsage();

  constructor(private readonly pids: Record<string, number | undefined>) {}

  mark(): void {
    this.startedAt = performance.now();
    this.selfStarted = process.cpuUsage();
    this.started = new Map(Object.entries(this.pids).map(([name, pid]) => [name, pid ? treeCpuSeconds(pid) : NaN]));
  }

  line(section: string): string {
    const wall = (performance.now() - this.startedAt) / 1000;
    const self = process.cpuUsage(this.selfStarted);
    const used: Array<[string, number]> = [...this.started.entries()]
      .filter(([, before]) => !Number.isNaN(before))
      .map(([name, before]) => [name, treeCpuSeconds(this.pids[name]!) - before]);
    used.push(['bench', (self.user + self.system) / 1e6]);
    const parts = used.map(([name, s]) => `${name} ${s.toFixed(1)} s (${((100 * s) / wall).toFixed(0)}%)`);
    return `cpu during ${section} (${wall.toFixed(1)} s wall): ${parts.join('  ')}`;
  }
}
