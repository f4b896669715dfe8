// Runs the agency simulator as its own process (npm run simulator; the test globalSetup
// and the dev stack start it this way). Port from AGENCY_SIM_PORT (default 4100, 0 = any
// free port), host from AGENCY_SIM_HOST (default 127.0.0.1). Prints one line
// "agency simulator listening on <url>" once it accepts requests.
import { startAgencySimulator } from './server';

async function main(): Promise<void> {
  const port = Number(process.env.AGENCY_SIM_PORT ?? '4100');
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`AGENCY_SIM_PORT must be a port number, got "${process.env.AGENCY_SIM_PORT}"`);
  }
  const simulator = await startAgencySimulator({ port, host: process.env.AGENCY_SIM_HOST ?? '127.0.0.1' });
  console.log(`agency simulator listening on ${simulator.url}`);

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`agency simulator stopping (${signal})`);
    simulator.close().then(
      () => process.exit(0),
      (error) => {
        console.error('agency simulator: error while stopping', error);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((error) => {
  console.error('agency simulator failed to start:', error instanceof Error ? error.message : error);
  process.exit(1);
});
