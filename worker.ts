// Worker process: hosts every workflow and activity of the engine on one task queue.
// Scale by running more of these (docker-compose: worker replicas). Activities are built here
// from their dependencies (createActivities): the database, the agency systems, the region
// policies and the clock, all from config.ts.
import { NativeConnection, Worker, Runtime, DefaultLogger } from '@temporalio/worker';
import { loadConfig } from './config';
import { systemClock, timeSkippingClock } from './clock';
import { checkSearchAttributes, connectTemporal, engineDataConverter } from './temporal';
import { connectDatabase } from './models/connection';
import { ensureEngineIndexes } from './models/indexes';
import { loadPolicyRegistry } from './policies/registry';
import { createActivities } from './activities';
import { createAgencyClient } from './activities/agencyClient';
import { createClearingAgencyClient } from './activities/clearingAgency';

async function main(): Promise<void> {
  const config = loadConfig();
  Runtime.install({
    logger: new DefaultLogger(config.LOG_LEVEL === 'debug' ? 'DEBUG' : 'INFO'),
    // The SDK's own metrics (task slots, latencies, polls, failures) for Prometheus at <port>/metrics.
    ...(config.WORKER_METRICS_PORT
      ? { telemetryOptions: { metrics: { prometheus: { bindAddress: `${config.WORKER_METRICS_HOST}:${config.WORKER_METRICS_PORT}` } } } }
      : {}),
  });
  const policies = loadPolicyRegistry(config.POLICY_DIR);
  const db = await connectDatabase(config.MONGODB_URI);
  await ensureEngineIndexes(db);
  const connection = await NativeConnection.connect({ address: config.TEMPORAL_ADDRESS });
  await checkSearchAttributes(connection.operatorService, config.TEMPORAL_NAMESPACE);
  // In simulation mode "now" is the time-skipping server's clock, as the workflows see it.
  const simulationClient = config.SIMULATION_MODE ? await connectTemporal(config) : undefined;
  const clock = simulationClient ? timeSkippingClock(simulationClient) : systemClock;
  const agency = createAgencyClient({ baseUrl: config.AGENCY_API_URL, timeoutMs: config.AGENCY_HTTP_TIMEOUT_MS });
  const clearingAgency = createClearingAgencyClient({ baseUrl: config.AGENCY_API_URL, timeoutMs: config.AGENCY_HTTP_TIMEOUT_MS });
  const worker = await Worker.create({
    connection,
    namespace: config.TEMPORAL_NAMESPACE,
    taskQueue: config.TEMPORAL_TASK_QUEUE,
    // A prebuilt bundle (the Docker image, the embedded stack) saves seconds of webpack per start.
    ...(config.WORKFLOW_BUNDLE_PATH
      ? { workflowBundle: { codePath: config.WORKFLOW_BUNDLE_PATH } }
      : { workflowsPath: require.resolve('./workflows') }),
    activities: createActivities({ db, agency, policies, clock, clearingAgency }),
    dataConverter: engineDataConverter(config),
    maxConcurrentActivityTaskExecutions: config.WORKER_MAX_CONCURRENT_ACTIVITIES,
    maxConcurrentWorkflowTaskExecutions: config.WORKER_MAX_CONCURRENT_WORKFLOW_TASKS,
    // Most open cases sleep on a timer for months: only the recently busy ones stay in memory.
    maxCachedWorkflows: config.WORKER_MAX_CACHED_WORKFLOWS,
    // SIGINT/SIGTERM: finish in-flight tasks, then stop (Temporal's default shutdown signals).
    shutdownGraceTime: '10s',
  });
  process.stdout.write(`worker polling ${config.TEMPORAL_TASK_QUEUE} on ${config.TEMPORAL_ADDRESS}\n`);
  await worker.run();
  await connection.close();
  await simulationClient?.connection.close();
  await db.close();
}

main().catch((err) => {
  process.stderr.write(`worker failed: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
