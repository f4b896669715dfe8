// The Temporal client of the API and the worker. In simulation mode the connection also opens Temporal's
// TestService (time-skipping server only) so the clock endpoint can move time. Every payload it
// sends is encrypted (payloadCodec.ts); the worker encodes with the same data converter.
import { Client, Connection } from '@temporalio/client';
import { InternalConnectionOptionsSymbol } from '@temporalio/client/lib/connection';
import type { DataConverter } from '@temporalio/common';
import type { Config } from './config';
import { payloadCodecOf } from './payloadCodec';
import { temporal } from '@temporalio/proto';
import { CASE_SEARCH_ATTRIBUTES } from './workflows/searchAttributes';

/** The data converter of the API's client and the worker: payloads encrypted with the configured keys. */
export function engineDataConverter(config: Pick<Config, 'PAYLOAD_ENCRYPTION_KEYS'>): DataConverter {
  return { payloadCodecs: [payloadCodecOf(config.PAYLOAD_ENCRYPTION_KEYS)] };
}

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
  return new Client({ connection, namespace: config.TEMPORAL_NAMESPACE, dataConverter: engineDataConverter(config) });
}

export async function temporalReachable(client: Client): Promise<boolean> {
  try {
    await client.workflowService.getSystemInfo({});
    return true;
  } catch {
    return false;
  }
}

/** The engine's search attributes as the OperatorService registers them (name -> IndexedValueType). */
export function caseSearchAttributeTypes(): Record<string, temporal.api.enums.v1.IndexedValueType> {
  const { IndexedValueType } = temporal.api.enums.v1;
  const types = { Keyword: IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD, Datetime: IndexedValueType.INDEXED_VALUE_TYPE_DATETIME };
  return Object.fromEntries(Object.entries(CASE_SEARCH_ATTRIBUTES).map(([name, type]) => [name, types[type]]));
}

/** gRPC status code of a method the server does not implement. */
export const GRPC_UNIMPLEMENTED = 12;

type OperatorServiceOf = Pick<Client['connection']['operatorService'], 'listSearchAttributes'>;

/**
 * The case workflows upsert the engine's search attributes (workflows/searchAttributes.ts); on a
 * server that lacks one every upsert would fail its workflow task, so the worker refuses to start
 * instead, saying what to register. The Java time-skipping server cannot list them (its launcher
 * registers them), so there the check is skipped.
 */
export async function checkSearchAttributes(operator: OperatorServiceOf, namespace: string): Promise<void> {
  let registered: Record<string, number>;
  try {
    registered = (await operator.listSearchAttributes({ namespace })).customAttributes ?? {};
  } catch (err) {
    if ((err as { code?: number }).code === GRPC_UNIMPLEMENTED) return;
    throw err;
  }
  const wanted = caseSearchAttributeTypes();
  const missing = Object.entries(CASE_SEARCH_ATTRIBUTES).filter(([name]) => registered[name] !== wanted[name]);
  if (missing.length) {
    const create = missing.map(([name, type]) => `--name ${name} --type ${type}`).join(', ');
    throw new Error(
      `Temporal namespace "${namespace}" lacks the search attributes ${missing.map(([n]) => n).join(', ')}: ` +
        `register them with \`temporal operator search-attribute create --namespace ${namespace}\` (${create})`,
    );
  }
}
