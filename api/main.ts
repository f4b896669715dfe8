// API process: configuration, database, Temporal, policy data, then HTTP. Stops gracefully:
// no new connections, in-flight requests finish, then the connections close.
import type { Server } from 'node:http';
import { loadConfig } from '../config';
import { connectDatabase } from '../models/connection';
import { createApp } from './app';
import { createContext } from './context';
import { createLogger } from './http/logger';
import { disableDevKeysInProduction, seedDevKeys } from './http/apiKeys';
import { connectTemporal } from '../temporal';
import { loadPolicyRegistry } from '../policies/registry';
import { allRoutes } from './routes';
import { systemClock, timeSkippingClock } from '../clock';
import { ensureEngineIndexes } from '../models/indexes';
import { registerSchedules } from './services/schedules';

/** A connection with no traffic either way for this long is closed (a stalled or abandoned upload). */
const IDLE_CONNECTION_TIMEOUT_MS = 120_000;

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger('api', config.LOG_LEVEL);
  const policies = loadPolicyRegistry(config.POLICY_DIR);
  const db = await connectDatabase(config.MONGODB_URI);
  await ensureEngineIndexes(db);
  if (config.SEED_DEV_KEYS) await seedDevKeys(db, config.NODE_ENV);
  const devKeysDisabled = await disableDevKeysInProduction(db, config.NODE_ENV);
  if (devKeysDisabled) logger.warn('dev API keys disabled (NODE_ENV=production)', { count: devKeysDisabled });
  const temporal = await connectTemporal(config);
  const clock = config.SIMULATION_MODE ? timeSkippingClock(temporal) : systemClock;
  const ctx = createContext({ config, db, temporal, policies, clock, logger });
  ctx.rejections.start();
  const purge = setInterval(() => void ctx.purgeExpiredIdempotencyKeys?.().catch(() => undefined), 3_600_000);
  purge.unref();
  // P-2, M-1, M-2 schedules (idempotent); the time-skipping server has none: its clock advance runs them.
  if (!config.SIMULATION_MODE) logger.info('schedules registered', { schedules: await registerSchedules(temporal, config, policies) });
  const app = createApp(ctx, allRoutes({ simulation: config.SIMULATION_MODE }));

  const server: Server = app.listen(config.PORT, () => {
    logger.info('listening', { port: config.PORT, simulation: config.SIMULATION_MODE, regions: policies.regions() });
  });
  server.keepAliveTimeout = 65_000;
  // an import's body is read only as fast as its cases start (backpressure), so a large file
  // takes longer than Node's 5-minute whole-request limit; a connection that goes silent is
  // still cut (idle timeout), and headers must still arrive within a minute.
  server.requestTimeout = 0;
  server.headersTimeout = 60_000;
  server.setTimeout(IDLE_CONNECTION_TIMEOUT_MS);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info('stopping', { signal });
    const force = setTimeout(() => process.exit(1), 15_000);
    force.unref();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections?.();
    await ctx.rejections.stop().catch(() => undefined);
    await db.close();
    await temporal.connection.close();
    logger.info('stopped');
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((err) => {
  process.stderr.write(`api failed to start: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
