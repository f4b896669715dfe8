// The agency simulator (scripts/agency-simulator/main.ts): stands in for the treatment-region
// agencies' and finance systems' HTTP APIs in development and tests.
import { freePort, httpOk, startAndWait, tsNodeCommand, type OutputOptions, type RunningServer } from './process';

export const AGENCY_SIMULATOR_ENTRY = 'scripts/agency-simulator/main.ts';

export interface AgencySimulatorOptions extends OutputOptions {
  /** Listen port (AGENCY_SIM_PORT); a free one when omitted. */
  port?: number;
  /** Extra environment for the simulator (e.g. fault injection settings). */
  env?: NodeJS.ProcessEnv;
  timeoutMs?: number;
}

export interface AgencySimulator extends RunningServer {
  /** Base URL (AGENCY_API_URL). */
  url: string;
  pid: number | undefined;
}

export async function startAgencySimulator(opts: AgencySimulatorOptions = {}): Promise<AgencySimulator> {
  const port = opts.port ?? (await freePort());
  const url = `http://127.0.0.1:${port}`;
  const { command, args } = tsNodeCommand(AGENCY_SIMULATOR_ENTRY);
  const proc = await startAndWait(
    {
      name: 'agency-sim',
      command,
      args,
      env: { ...process.env, ...opts.env, AGENCY_SIM_PORT: String(port) },
      prefix: opts.prefix,
      logFile: opts.logFile,
      onUnexpectedExit: opts.onUnexpectedExit,
      unref: opts.unref,
      stopGraceMs: 5_000,
    },
    `Agency simulator (${AGENCY_SIMULATOR_ENTRY}, ${url})`,
    () => httpOk(`${url}/healthz`),
    { timeoutMs: opts.timeoutMs ?? 60_000, intervalMs: 250 },
  );
  return { url, pid: proc.pid, stop: () => proc.stop() };
}
