// The Temporal client of the API and the worker. In simulation mode the connection also opens Temporal's
// TestService (time-skipping server only) so the clock endpoint can move time.
import { Client, Connection } from '@temporalio/client';
import { InternalConnectionOptionsSymbol } from '@temporalio/client/lib/connection';
import type { Config } from './config';

export async function connectTemporal(config: Config): Promise<Client> {
  const connection = await Connection.connect({
    address: config.TEMPORAL_ADDRESS,
    connectTimeout: 10_000,
    ...(config.SIMULATION_MODE
      ? {
          [InternalConnectionOptionsSymbol]: { supportsTestService: true },
          // The Java test server permits a keepalive ping every 5 minutes at most and drops
          // clients that ping more often (the SDK default is 30 s).
          channelArgs: { 'grpc.keepalive_time_ms': 6 * 60_000, 'grpc.keepalive_permit_without_calls': 0 },
        }
      : {}),
  } as Parameters<typeof Connection.connect>[0]);
  return new Client({ connection, namespace: config.TEMPORAL_NAMESPACE });
}

export async function temporalReachable(client: Client): Promise<boolean> {
  try {
    await client.workflowService.getSystemInfo({});
    return true;
  } catch {
    return false;
  }
}
