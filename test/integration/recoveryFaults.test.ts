// RC-4 under faults: the agency simulator failing, slow, or losing responses on the debtor notice
// and on the transfer, a worker stopped in the middle of a transfer, and finance refusing the
// transfer until a clerk retries. However the steps are retried, each recovery ends once, finance
// holds exactly one transfer for it and the ledger balances. Runs on the Temporal dev server (real
// retry timing) with in-process Workers.
import { Client, Connection, type WorkflowHandle } from '@temporalio/client';
import { NativeConnection, Worker, Runtime, DefaultLogger } from '@temporalio/worker';
import type mongoose from 'mongoose';
import { connectDatabase } from '../../models/connection';
import { createActivities } from '../../activities';
import { realActivityDeps } from '../support/activityDeps';
import { ensureEngineIndexes } from '../../models/indexes';
import { withDatabase } from '../../scripts/servers/ferret';
import { uniqueName } from '../setup/stackEnv';
import { workflowBundle } from '../support/workflowBundle';
import { checkLedgerBalance } from '../../models/ledger';
import { recoveryViewModel } from '../../models/recoveryView';
import {
  recoveryOpenedUpdate,
  recoveryQuery,
  retryTransferUpdate,
  type RecoveryDocument,
  type RecoveryWorkflowInput,
} from '../../workflows/recovery/definitions';
import type { recoveryWorkflow } from '../../workflows/recovery/workflow';

/** A debtor region no other test uses, so agency faults touch only these recoveries. */
const DEBTOR_REGION = '510100';
const SIM = () => process.env.AGENCY_API_URL!;

interface CallRecord {
  path: string;
  idempotencyKey: string | null;
  body: { transferId?: string; recoveryId?: string } | null;
  outcome: string;
  status: number | null;
  fault: { mode: string; afterProcessing: boolean } | null;
}

async function sim(method: string, path: string, body?: unknown, key?: string): Promise<any> {
  const res = await fetch(`${SIM()}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(key ? { 'idempotency-key': key } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return res.status === 204 ? undefined : res.json();
}

const addFault = (spec: Record<string, unknown>) => sim('POST', '/__faults', spec) as Promise<{ faultId: string }>;
const calls = async (pathPrefix: string): Promise<CallRecord[]> =>
  (await sim('GET', `/__calls?pathPrefix=${encodeURIComponent(pathPrefix)}`)).calls;

describe('recovery under faults (RC-4)', () => {
  let client: Client;
  let native: NativeConnection;
  let db: mongoose.Connection;
  let taskQueue: string;
  let worker: Worker;
  let running: Promise<void>;
  const faultIds: string[] = [];
  let seq = 0;

  const newWorker = async (queue: string) =>
    Worker.create({
      connection: native,
      taskQueue: queue,
      workflowBundle: await workflowBundle(),
      // A short agency timeout, so a slow agency is a timeout and a retry.
      activities: createActivities(realActivityDeps(db, { agencyTimeoutMs: 1000 })),
      shutdownGraceTime: '200ms',
    });

  beforeAll(async () => {
    try {
      Runtime.install({ logger: new DefaultLogger('ERROR') });
    } catch {
      /* already installed in this Jest worker */
    }
    const address = process.env.TEMPORAL_ADDRESS!;
    client = new Client({ connection: await Connection.connect({ address }) });
    native = await NativeConnection.connect({ address });
    db = await connectDatabase(withDatabase(process.env.MONGODB_URI!, uniqueName('faults')));
    await ensureEngineIndexes(db);
    taskQueue = uniqueName('tq_faults');
    worker = await newWorker(taskQueue);
    running = worker.run();
  });

  afterEach(async () => {
    // Never leave a fault behind for other tests sharing the simulator.
    for (const id of faultIds.splice(0)) await sim('DELETE', `/__faults/${id}`).catch(() => undefined);
  });

  afterAll(async () => {
    worker?.shutdown();
    await running;
    await db?.dropDatabase().catch(() => undefined);
    await db?.close();
    await native?.close();
    await client?.connection.close();
  });

  function order(): RecoveryWorkflowInput {
    seq += 1;
    const sourceId = `FRA-${process.pid}-${seq}-${Date.now()}`;
    return {
      recoveryId: `REC-FRA-${sourceId}`,
      source: { type: 'FRAUD', id: sourceId },
      amountFen: 250_000,
      debtor: 'H510100001',
      debtorRegion: DEBTOR_REGION,
      insuredRegion: '440800',
      treatmentRegion: DEBTOR_REGION,
      scheme: 'EMPLOYEE',
      reason: '欺诈骗保案件追回',
      fines: [{ kind: 'ADMINISTRATIVE_FINE', amountFen: 500_000 }],
      debtorDeadlineDays: 30,
      actor: { agencyId: 'INSURED_CLERK:440800', role: 'INSURED_CLERK', region: '440800' },
    };
  }

  /** The debtor has paid already, so the recovery runs straight through every step. */
  async function start(input: RecoveryWorkflowInput, queue = taskQueue): Promise<WorkflowHandle<typeof recoveryWorkflow>> {
    await sim('POST', `/finance/collections/${input.recoveryId}/confirm`, { amountFen: input.amountFen }, `pay-${input.recoveryId}`);
    return client.workflow.start<typeof recoveryWorkflow>('recoveryWorkflow', {
      workflowId: input.recoveryId,
      taskQueue: queue,
      args: [input],
    });
  }

  async function fault(spec: Record<string, unknown>): Promise<void> {
    faultIds.push((await addFault(spec)).faultId);
  }

  /** Ended once, one transfer at finance, one notice at the debtor, a balanced ledger. */
  async function expectEndedOnce(handle: WorkflowHandle<typeof recoveryWorkflow>, input: RecoveryWorkflowInput): Promise<RecoveryDocument> {
    const doc = await handle.result();
    expect(doc.status).toBe('CLOSED');
    expect(doc.events.filter((e) => e.type === 'TRANSFERRED')).toHaveLength(1);
    expect(doc.events.filter((e) => e.type === 'CLOSED')).toHaveLength(1);
    const description = await handle.describe();
    expect(description.status.name).toBe('COMPLETED');
    expect(description.runId).toBe((await client.workflow.getHandle(input.recoveryId).describe()).runId);

    const transfers = (await sim('GET', `/finance/transfers?originType=FRAUD&originId=${input.source.id}`)).transfers;
    expect(transfers).toHaveLength(1);
    expect(transfers[0]).toMatchObject({ transferId: `TRF-${input.recoveryId}`, amountFen: 250_000, toAccount: 'FUND-440800-EMPLOYEE' }); // fines never move (RC-1)

    const notices = (await sim('GET', `/agencies/${DEBTOR_REGION}/inbox`)).messages.filter(
      (m: { kind: string; payload: { recoveryId?: string } }) => m.kind === 'RECOVERY' && m.payload.recoveryId === input.recoveryId,
    );
    expect(notices).toHaveLength(1);

    const balance = await checkLedgerBalance(db, { recoveryId: input.recoveryId });
    expect(balance).toMatchObject({ balanced: true, debitFen: 500_000, creditFen: 500_000, brokenMovements: [] });
    expect((await recoveryViewModel(db).findById(input.recoveryId).lean())?.status).toBe('CLOSED');
    return doc;
  }

  it('RC-3, RC-4: the debtor notice fails three times (503) and is then sent once', async () => {
    await fault({ match: { method: 'POST', pathPrefix: `/agencies/${DEBTOR_REGION}/recoveries` }, mode: 'error', status: 503, times: 3 });
    const input = order();
    const handle = await start(input);
    await expectEndedOnce(handle, input);
    const attempts = (await calls(`/agencies/${DEBTOR_REGION}/recoveries`)).filter(
      (c) => c.idempotencyKey === `${input.recoveryId}:notify-debtor`,
    );
    expect(attempts.filter((c) => c.fault?.mode === 'error')).toHaveLength(3);
    expect(attempts.filter((c) => c.outcome === 'applied')).toHaveLength(1);
  });

  it('RC-3, RC-4: a slow debtor agency (answer after the client gave up) still gets one notice', async () => {
    await fault({ match: { method: 'POST', pathPrefix: `/agencies/${DEBTOR_REGION}/recoveries` }, mode: 'slow', delayMs: 2500, times: 1 });
    const input = order();
    const handle = await start(input);
    await expectEndedOnce(handle, input);
    const attempts = (await calls(`/agencies/${DEBTOR_REGION}/recoveries`)).filter(
      (c) => c.idempotencyKey === `${input.recoveryId}:notify-debtor`,
    );
    expect(attempts.length).toBeGreaterThanOrEqual(2);
  });

  it('RC-1, RC-4: transfers failing (503), losing their response after taking effect, and timing out end in exactly one transfer', async () => {
    const input = order();
    await fault({ match: { method: 'POST', pathPrefix: '/finance/transfers' }, mode: 'error', status: 503, times: 1 });
    await fault({
      match: { method: 'POST', pathPrefix: '/finance/transfers' },
      mode: 'error',
      status: 502,
      afterProcessing: true,
      times: 1,
    });
    await fault({ match: { method: 'POST', pathPrefix: '/finance/transfers' }, mode: 'slow', delayMs: 2500, times: 1 });
    const handle = await start(input);
    const doc = await expectEndedOnce(handle, input);
    expect(doc.reconciliation).toMatchObject({ matched: true, financeAmountFen: 250_000 });
    const attempts = (await calls('/finance/transfers')).filter((c) => c.body?.transferId === `TRF-${input.recoveryId}`);
    // Every attempt carried the same key; finance applied one and replayed the rest.
    expect(new Set(attempts.map((c) => c.idempotencyKey))).toEqual(new Set([`${input.recoveryId}:transfer`]));
    expect(attempts.filter((c) => c.outcome === 'applied')).toHaveLength(1);
    expect(attempts.length).toBeGreaterThanOrEqual(2);
  });

  it('RC-4, T-4: a worker stopped in the middle of a transfer; another worker finishes the recovery with one transfer', async () => {
    const queue = uniqueName('tq_kill');
    const first = await newWorker(queue);
    const firstRun = first.run();
    const input = order();
    // The transfer hangs at finance (and still takes effect there after the worker is gone).
    await fault({ match: { method: 'POST', pathPrefix: '/finance/transfers' }, mode: 'slow', delayMs: 3000, times: 1 });
    const handle = await start(input, queue);
    await handle.executeUpdate(recoveryOpenedUpdate);
    for (let i = 0; i < 200; i += 1) {
      const pending = (await calls('/finance/transfers')).some((c) => c.body?.transferId === `TRF-${input.recoveryId}`);
      if (pending) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    first.shutdown();
    await firstRun;
    await new Promise((r) => setTimeout(r, 3500)); // finance applies the orphaned transfer meanwhile

    const second = await newWorker(queue);
    const secondRun = second.run();
    try {
      await expectEndedOnce(handle, input);
    } finally {
      second.shutdown();
      await secondRun;
    }
    const attempts = (await calls('/finance/transfers')).filter((c) => c.body?.transferId === `TRF-${input.recoveryId}`);
    expect(attempts.filter((c) => c.outcome === 'applied')).toHaveLength(1);
    expect(attempts.length).toBeGreaterThanOrEqual(2);
  });

  it('RC-3, RC-4: finance refuses the transfer (a remembered 422): the case waits as TRANSFER_REFUSED; a clerk retry under a new key transfers once', async () => {
    const input = order();
    const id = input.recoveryId;
    await fault({
      match: { method: 'POST', pathPrefix: '/finance/transfers', idempotencyKeyPrefix: `${id}:transfer` },
      mode: 'refuse',
      times: 1,
    });
    const handle = await start(input);
    let doc: RecoveryDocument | undefined;
    for (let i = 0; i < 300 && doc?.status !== 'TRANSFER_REFUSED'; i += 1) {
      doc = await handle.query(recoveryQuery);
      if (doc.status !== 'TRANSFER_REFUSED') await new Promise((r) => setTimeout(r, 50));
    }
    expect(doc).toMatchObject({ status: 'TRANSFER_REFUSED', transferRefusal: { key: `${id}:transfer` }, transfer: null });
    expect((await handle.describe()).status.name).toBe('RUNNING');
    // A clerk sees it: the read model stores the refusal (after the escalation it asked for).
    let stored: string | undefined;
    for (let i = 0; i < 200 && stored !== 'TRANSFER_REFUSED'; i += 1) {
      stored = (await recoveryViewModel(db).findById(id).lean())?.status;
      if (stored !== 'TRANSFER_REFUSED') await new Promise((r) => setTimeout(r, 50));
    }
    expect(stored).toBe('TRANSFER_REFUSED');

    // Finance answers the refused key with the same refusal again: retrying it could never succeed.
    const refused = (await calls('/finance/transfers')).filter((c) => c.body?.transferId === `TRF-${id}`);
    expect(refused.map((c) => [c.idempotencyKey, c.outcome, c.status])).toEqual([[`${id}:transfer`, 'rejected', 422]]);
    const replay = await fetch(`${SIM()}/finance/transfers`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': `${id}:transfer` },
      body: JSON.stringify(refused[0].body),
    });
    expect(replay.status).toBe(422);
    expect(replay.headers.get('idempotent-replay')).toBe('true');

    await handle.executeUpdate(retryTransferUpdate, { args: [{ actor: input.actor, note: '财务已放行' }] });
    const ended = await expectEndedOnce(handle, input);
    expect(ended).toMatchObject({ transferRetries: 1, transferRefusal: null });
    const attempts = (await calls('/finance/transfers')).filter((c) => c.body?.transferId === `TRF-${id}`);
    expect(attempts.filter((c) => c.outcome === 'applied').map((c) => c.idempotencyKey)).toEqual([`${id}:transfer:retry-1`]);
  });
});
