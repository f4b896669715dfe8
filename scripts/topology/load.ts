// The load of the topology run: filings (workflows: update-with-start, answered once the case
// stored its first view), direct settlements (stored once, no workflow) and an inquiry on one of
// them, spread over both APIs; halfway through, one worker and one API are killed with SIGKILL,
// so requests are cut mid-flight, workflow and activity tasks are lost on the dead worker, and
// every request that finds its API gone is retried on the other with the same key.
import { randomUUID } from 'node:crypto';
import { DEV_API_KEYS } from '../servers/devKeys';
import { personIdCheckChar } from '../../domain/personId';
import { send, type Outcome, type Request } from './client';
import type { Topology } from './start';

export interface LoadOptions {
  filings?: number;
  settlements?: number;
  /** Requests in flight at once. */
  concurrency?: number;
  say?: (line: string) => void;
}

export interface LoadReport {
  run: string;
  filings: Array<Outcome & { personId: string }>;
  settlements: Array<Outcome & { personId: string }>;
  inquiry: Outcome & { settlementLabel: string };
  /** When the kill fired: requests dispatched so far, and how many were then in flight on the killed API. */
  kill: { afterDispatched: number; inFlightOnKilledApi: number; workerPid?: number; apiPid?: number };
  seconds: number;
}

let personSeq = 0;
/** A valid resident ID (GB 11643 check character), distinct within the run; the region picks its city. */
function person(region: string, run: string): string {
  personSeq += 1;
  const day = String(1 + (personSeq % 28)).padStart(2, '0');
  const first17 = `${region}1975${String(1 + (Number.parseInt(run.slice(0, 2), 16) % 12)).padStart(2, '0')}${day}${String(personSeq % 1000).padStart(3, '0')}`;
  return first17 + personIdCheckChar(first17);
}

const today = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());

/** 440800 OTHER_TEMPORARY to 110000: ACTIVE at once (F-2), no commitment. */
function filing(run: string, i: number): Request & { personId: string } {
  const personId = person('440802', run);
  return {
    label: `filing-${i}`,
    personId,
    method: 'POST',
    path: '/api/v1/filings',
    apiKey: DEV_API_KEYS.clerk440800.key,
    idempotencyKey: `topology-${run}-filing-${i}`,
    body: { personId, scheme: 'EMPLOYEE', insuredRegion: '440800', treatmentRegion: '110000', type: 'OTHER_TEMPORARY', commitment: false },
  };
}

/** An emergency inpatient stay of a 220000 person in 110000 (F-3: no filing needed); the first is big enough for an expense inquiry (I-1). */
function settlement(run: string, i: number): Request & { personId: string } {
  const personId = person('220102', run);
  return {
    label: `settlement-${i}`,
    personId,
    method: 'POST',
    path: '/api/v1/settlements',
    apiKey: DEV_API_KEYS.hospital110000.key,
    idempotencyKey: `topology-${run}-settlement-${i}`,
    body: {
      personId,
      scheme: 'EMPLOYEE',
      personCategory: 'IN_SERVICE',
      insuredRegion: '220000',
      treatmentRegion: '110000',
      hospitalId: 'H110000001',
      hospitalLevel: 3,
      visitType: 'INPATIENT',
      admissionDate: today(),
      dischargeDate: today(),
      emergency: true,
      lines: [{ code: 'A001', name: '手术费', class: 'A', amountFen: i === 0 ? 3_600_000 : 200_000 + i * 10_000 }],
    },
  };
}

export async function runLoad(topology: Topology, opts: LoadOptions = {}): Promise<LoadReport> {
  const say = opts.say ?? (() => undefined);
  const run = randomUUID().slice(0, 8);
  const t0 = Date.now();
  const apis = topology.apis.map((a) => a.baseUrl);
  const filings = Array.from({ length: opts.filings ?? 20 }, (_, i) => filing(run, i));
  const settlements = Array.from({ length: opts.settlements ?? 20 }, (_, i) => settlement(run, i));
  const settled = new Map<string, Promise<Outcome>>();

  // The inquiry needs its settlement's id: it waits for that answer, wherever it came from.
  const inquiryTask = async (): Promise<Outcome> => {
    const stl = await settled.get('settlement-0')!;
    return send(apis, 0, {
      label: 'inquiry',
      method: 'POST',
      path: '/api/v1/inquiries',
      apiKey: DEV_API_KEYS.clerk220000.key,
      idempotencyKey: `topology-${run}-inquiry`,
      body: { settlementId: stl.body?.id, reason: '住院费用明显偏高，疑似超标准收费', suspectedViolation: true },
    });
  };

  // Interleaved so both kinds run before and after the kill; the inquiry right after the middle.
  type Task = { label: string; run: (api: number) => Promise<Outcome> };
  const tasks: Task[] = [];
  for (let i = 0; i < Math.max(filings.length, settlements.length); i += 1) {
    if (filings[i]) tasks.push({ label: filings[i].label, run: (api) => send(apis, api, filings[i]) });
    if (settlements[i]) {
      const s = settlements[i];
      tasks.push({
        label: s.label,
        run: (api) => {
          const p = send(apis, api, s);
          settled.set(s.label, p);
          return p;
        },
      });
    }
  }
  const middle = Math.floor(tasks.length / 2);
  tasks.splice(middle + 1, 0, { label: 'inquiry', run: () => inquiryTask() });

  const outcomes = new Map<string, Outcome>();
  const inFlight = new Map<string, number>(); // label -> api it was sent to first
  const kill: LoadReport['kill'] = { afterDispatched: 0, inFlightOnKilledApi: 0 };
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < tasks.length) {
      const index = next++;
      const task = tasks[index];
      if (index === middle) {
        // SIGKILL, no warning: worker A loses its workflow and activity tasks, API A its requests.
        kill.afterDispatched = index;
        kill.inFlightOnKilledApi = [...inFlight.values()].filter((a) => a === 0).length;
        kill.workerPid = topology.workers[0].pid;
        kill.apiPid = topology.apis[0].pid;
        topology.workers[0].killNow();
        topology.apis[0].killNow();
        say(
          `SIGKILL worker-a (pid ${kill.workerPid}) and api-a (pid ${kill.apiPid}) with ${kill.inFlightOnKilledApi} request(s) in flight on api-a`,
        );
      }
      const api = index % 2; // both APIs get every kind; api-a keeps getting requests after its death
      inFlight.set(task.label, api);
      try {
        outcomes.set(task.label, await task.run(api));
      } finally {
        inFlight.delete(task.label);
      }
    }
  };
  await Promise.all(Array.from({ length: opts.concurrency ?? 6 }, lane));

  const outcome = (label: string) => outcomes.get(label)!;
  return {
    run,
    filings: filings.map((f) => ({ ...outcome(f.label), personId: f.personId })),
    settlements: settlements.map((s) => ({ ...outcome(s.label), personId: s.personId })),
    inquiry: { ...outcome('inquiry'), settlementLabel: 'settlement-0' },
    kill,
    seconds: (Date.now() - t0) / 1000,
  };
}
