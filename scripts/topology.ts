// npm run topology: the production topology on this machine (scripts/topology/start.ts: Temporal's
// server on PostgreSQL, FerretDB, two workers and two APIs on one task queue), a load through both
// APIs with one worker and one API killed by SIGKILL halfway (load.ts), and the verdict
// (verify.ts). Prints the figures; exits 1 when any promise is broken. Everything runs in a temp
// folder that is removed afterwards (KEEP_TOPOLOGY_DATA=1 keeps it, with every server's log).
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { killChildrenOnSignal } from './servers/process';
import { runLoad } from './topology/load';
import { startTopology } from './topology/start';
import { verify } from './topology/verify';

const say = (line: string) => process.stdout.write(`[topology] ${line}\n`);

async function main(): Promise<void> {
  killChildrenOnSignal();
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'crs-topology-'));
  say(`starting in ${dataDir}`);
  const topology = await startTopology({ dataDir, say });
  try {
    const load = await runLoad(topology, { say });
    const verdict = await verify(topology, load);
    const requests = load.filings.length + load.settlements.length + 1;
    say(`load: ${requests} requests in ${load.seconds.toFixed(1)} s; attempts by status ${JSON.stringify(verdict.statuses)}`);
    say(`failed over to the other API with the same key: ${verdict.failedOver}/${requests} requests`);
    say(`filing workflows in Temporal: ${verdict.filingWorkflows}/${load.filings.length}`);
    say(
      `books: ${verdict.books.balanced ? 'balance' : 'do NOT balance'} (${verdict.books.checked.charges} charges, ${verdict.books.checked.settlements} settlements)`,
    );
    if (verdict.problems.length) {
      say(`${verdict.problems.length} problem(s):`);
      for (const p of verdict.problems) say(`  ${p}`);
      process.exitCode = 1;
    } else {
      say('every case finished once, no request was answered 500, the books balance');
    }
  } finally {
    await topology.stop();
    if (process.env.KEEP_TOPOLOGY_DATA === '1') say(`kept ${dataDir}`);
    else rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  process.stderr.write(`topology failed: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(2);
});
