// What globalSetup hands to globalTeardown (both run in Jest's parent process).
import type { RunningServer } from '../../scripts/servers/process';

export interface TestStackState {
  /** In start order; teardown stops them in reverse. */
  servers: Array<{ name: string; server: RunningServer }>;
  dataDir: string;
}

const KEY = '__CROSS_REGION_SETTLEMENT_TEST_STACK__';

export function setStackState(state: TestStackState | undefined): void {
  (globalThis as Record<string, unknown>)[KEY] = state;
}

export function getStackState(): TestStackState | undefined {
  return (globalThis as Record<string, unknown>)[KEY] as TestStackState | undefined;
}
