// Operating the engine for real (issue 14), on the real stack (API and worker processes, Temporal
// dev server, FerretDB): the person's ID number never reaches Temporal's stored history (the
// payload codec encrypts every payload), cases are findable by their search attributes, a
// created filing answers Location, and both processes export Prometheus metrics.
import { Client, Connection } from '@temporalio/client';
import { defaultPayloadConverter, type Payload } from '@temporalio/common';
import { temporal as proto } from '@temporalio/proto';
import { freePort } from '../../scripts/servers/process';
import { payloadCodecOf } from '../../payloadCodec';
import { engineDataConverter } from '../../temporal';
import { loadConfig } from '../../config';
import { api, DEV_API_KEYS, moneyKey, startApp, type TestApp } from '../setup/stackEnv';
import { newPersonId } from '../support/people';

const CLERK = DEV_API_KEYS.clerk440800.key;
const HOSPITAL = DEV_API_KEYS.hospital110000.key;

let app: TestApp;
let workerMetricsPort: number;
let connection: Connection;
/** Sees payloads as Temporal stores them: no codec. */
let raw: Client;
/** The engine's own client: the same codec as the API and the worker. */
let engine: Client;

const person = newPersonId('19800101');
let filingId: string;
let settlementId: string;

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** The stored history of a workflow as bytes, exactly as the server hands it out. */
async function storedHistory(workflowId: string): Promise<{ bytes: Buffer; events: proto.api.history.v1.IHistoryEvent[] }> {
  const events: proto.api.history.v1.IHistoryEvent[] = [];
  let nextPageToken: Uint8Array | undefined;
  do {
    const page = await raw.workflowService.getWorkflowExecutionHistory({
      namespace: 'default',
      execution: { workflowId },
      nextPageToken,
    });
    events.push(...(page.history?.events ?? []));
    nextPageToken = page.nextPageToken?.length ? page.nextPageToken : undefined;
  } while (nextPageToken);
  return { bytes: Buffer.from(proto.api.history.v1.History.encode({ events }).finish()), events };
}

beforeAll(async () => {
  workerMetricsPort = await freePort();
  app = await startApp({ env: { WORKER_METRICS_PORT: String(workerMetricsPort), TEMPORAL_UI_URL: 'http://127.0.0.1:8233/' } });
  connection = await Connection.connect({ address: app.env.TEMPORAL_ADDRESS! });
  raw = new Client({ connection, namespace: 'default' });
  engine = new Client({ connection, namespace: 'default', dataConverter: engineDataConverter(loadConfig(app.env)) });

  const filing = await api(app, 'POST', '/api/v1/filings', {
    key: CLERK,
    body: {
      personId: person,
      scheme: 'EMPLOYEE',
      insuredRegion: '440800',
      treatmentRegion: '110000',
      type: 'OTHER_TEMPORARY',
      commitment: false,
    },
  });
  expect(filing.status).toBe(201);
  filingId = filing.body.id;

  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
  const settlement = await api(app, 'POST', '/api/v1/settlements', {
    key: HOSPITAL,
    headers: moneyKey(),
    body: {
      personId: person,
      scheme: 'EMPLOYEE',
      personCategory: 'IN_SERVICE',
      insuredRegion: '440800',
      treatmentRegion: '110000',
      hospitalId: 'H110000001',
      hospitalLevel: 3,
      visitType: 'INPATIENT',
      admissionDate: today,
      dischargeDate: today,
      lines: [{ code: 'A001', name: '床位费', class: 'A', amountFen: 600000 }],
    },
  });
  expect(settlement.status).toBe(201);
  expect(settlement.body.filingId).toBe(filingId);
  settlementId = settlement.body.id;
});

afterAll(async () => {
  await connection?.close();
  await app?.stop();
});

describe('personal data stays out of Temporal', () => {
  it("no stored history of the app's cases holds the person's ID number; the decoded start input does", async () => {
    // Every case this app's worker runs (the filing, and whatever the settlement nudged).
    const query = `TaskQueue = '${app.env.TEMPORAL_TASK_QUEUE}'`;
    const ids = await until('the filing in visibility', async () => {
      const found: string[] = [];
      for await (const wf of engine.workflow.list({ query })) found.push(wf.workflowId);
      return found.includes(filingId) ? found : undefined;
    });

    for (const workflowId of ids) {
      const { bytes, events } = await storedHistory(workflowId);
      expect(events.length).toBeGreaterThan(0);
      expect({ workflowId, holdsIdNumber: bytes.includes(Buffer.from(person)) }).toEqual({ workflowId, holdsIdNumber: false });
      expect({ workflowId, holdsIdNumber: JSON.stringify(events).includes(person) }).toEqual({ workflowId, holdsIdNumber: false });
    }

    // The same search over the decoded payload finds it, so the search above could fail.
    const { events } = await storedHistory(filingId);
    const input = events[0].workflowExecutionStartedEventAttributes?.input?.payloads as Payload[];
    expect(input?.length).toBeGreaterThan(0);
    const decoded = await payloadCodecOf(app.env.PAYLOAD_ENCRYPTION_KEYS).decode(input);
    expect(JSON.stringify(defaultPayloadConverter.fromPayload(decoded[0]))).toContain(person);
    expect(Buffer.from(proto.api.common.v1.Payload.encode(decoded[0]).finish()).includes(Buffer.from(person))).toBe(true);
  });

  it('metrics name route patterns only: a query holding the ID number leaves no trace there', async () => {
    // a request URL holding the ID number, answered by a route
    const res = await api(app, 'GET', `/api/v1/filings?personId=${person}`, { key: CLERK });
    expect(res.status).toBe(200);
    const metrics = await api(app, 'GET', '/metrics');
    expect(metrics.body).not.toContain(person);
  });
});

describe('cases findable in Temporal', () => {
  it('the filing carries CaseKind, both regions and its status, and a summary without the person', async () => {
    const handle = engine.workflow.getHandle(filingId);
    const attributes = await until('CaseStatus on the filing', async () => {
      const description = await handle.describe();
      const byName = Object.fromEntries(description.typedSearchAttributes.getAll().map((pair) => [pair.key.name, pair.value]));
      return byName.CaseStatus === undefined ? undefined : byName;
    });
    expect(attributes).toMatchObject({ CaseKind: 'FILING', InsuredRegion: '440800', TreatmentRegion: '110000', CaseStatus: 'ACTIVE' });
    expect(attributes.NextDeadline).toBeInstanceOf(Date);
    expect(JSON.stringify(attributes)).not.toContain(person);

    const description = await handle.describe();
    expect(await description.staticSummary()).toBe('备案 440800→110000 OTHER_TEMPORARY');
  });

  it("a visibility query by kind and region finds the filing, and another region's query does not", async () => {
    const tq = app.env.TEMPORAL_TASK_QUEUE;
    const idsOf = async (query: string) => {
      const ids: string[] = [];
      for await (const wf of engine.workflow.list({ query })) ids.push(wf.workflowId);
      return ids;
    };
    const found = await until('the visibility query', async () => {
      const ids = await idsOf(`CaseKind = 'FILING' AND InsuredRegion = '440800' AND TaskQueue = '${tq}'`);
      return ids.includes(filingId) ? ids : undefined;
    });
    expect(found).toContain(filingId);
    expect(await idsOf(`CaseKind = 'FILING' AND InsuredRegion = '220000' AND TaskQueue = '${tq}'`)).not.toContain(filingId);
    expect(await idsOf(`CaseKind = 'INQUIRY' AND TaskQueue = '${tq}'`)).not.toContain(filingId);
  });
});

describe('created resources and metrics', () => {
  it('an ADMIN reading the filing gets its link in the Temporal UI; an agency never does', async () => {
    const byAdmin = await api(app, 'GET', `/api/v1/filings/${filingId}`, { key: DEV_API_KEYS.admin.key });
    expect(byAdmin.body.temporalUiUrl).toBe(`http://127.0.0.1:8233/namespaces/default/workflows/${filingId}`);
    const byClerk = await api(app, 'GET', `/api/v1/filings/${filingId}`, { key: DEV_API_KEYS.clerk440800.key });
    expect(byClerk.status).toBe(200);
    expect(byClerk.body).not.toHaveProperty('temporalUiUrl');
  });

  it('POST /api/v1/filings answers 201 with a Location a GET can read', async () => {
    const res = await api(app, 'POST', '/api/v1/filings', {
      key: CLERK,
      body: {
        personId: newPersonId('19810101'),
        scheme: 'EMPLOYEE',
        insuredRegion: '440800',
        treatmentRegion: '310000',
        type: 'OTHER_TEMPORARY',
        commitment: false,
      },
    });
    expect(res.status).toBe(201);
    const location = res.headers.get('location');
    expect(location).toBe(`/api/v1/filings/${res.body.id}`);
    const read = await api(app, 'GET', location!, { key: CLERK });
    expect(read.status).toBe(200);
    expect(read.body.id).toBe(res.body.id);
  });

  it('the API counts the cases it started and the settlements it stored; the worker exports the SDK metrics', async () => {
    const text = (await api(app, 'GET', '/metrics')).body as string;
    const value = (series: string) =>
      Number(
        text
          .split('\n')
          .find((line) => line.startsWith(series))
          ?.split(' ')[1],
      );
    expect(value('cases_started_total{kind="FILING"}')).toBeGreaterThanOrEqual(1);
    expect(value('settlements_total{outcome="stored"}')).toBe(1);
    expect(value('http_requests_total{method="POST",route="/api/v1/settlements",status="201"}')).toBe(1);
    expect(text).not.toContain(settlementId);

    const worker = await fetch(`http://127.0.0.1:${workerMetricsPort}/metrics`);
    expect(worker.status).toBe(200);
    expect(await worker.text()).toMatch(/^temporal_\w+/m);
  });
});
