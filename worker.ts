// Worker process: hosts every workflow and activity of the engine on one task queue.
// Scale by running more of these (docker-compose: worker replicas).
import { NativeConnection, Worker, Runtime, DefaultLogger } from '@temporalio/worker';
import { loadConfig } from './config';
import { connectDatabase } from './models/connection';
import { createActivities } from './activities';
import { ensureWorkerIndexes } from './activities/indexes';

async function main(): Promise<void> {
  const config = loadConfig();
  Runtime.install({ logger: new DefaultLogger(config.LOG_LEVEL === 'debug' ? 'DEBUG' : 'INFO') });
  const db = await connectDatabase(config.MONGODB_URI);
  await ensureWorkerIndexes(db);
  const connection = await NativeConnection.connect({ address: config.TEMPORAL_ADDRESS });
  const worker = await Worker.create({
    connection,
    namespace: config.TEMPORAL_NAMESPACE,
    taskQueue: config.TEMPORAL_TASK_QUEUE,
    workflowsPath: require.resolve('./workflows'),
    activities: createActivities({ db }),
    maxConcurrentActivityTaskExecutions: config.WORKER_MAX_CONCURRENT_ACTIVITIES,
    maxConcurrentWorkflowTaskExecutions: config.WORKER_MAX_CONCURRENT_WORKFLOW_TASKS,
    // SIGINT/SIGTERM: finish in-flight tasks, then stop (Temporal's default shutdown signals).
    shutdownGraceTime: '10s',
  });
  process.stdout.write(`worker polling ${config.TEMPORAL_TASK_QUEUE} on ${config.TEMPORAL_ADDRESS}\n`);
  await worker.run();
  await connection.close();
  await db.close();
}

main().catch((err) => {
  process.stderr.write(`worker failed: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
