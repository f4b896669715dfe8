// The designated-institution registry (H-1..H-4) behind the HTTP routes and the settlement path:
// static facts from policies/hospitals.json, status from the dated history of suspensions and
// reinstatements kept in the database (models/institutionStatus.ts).
//
// Settlements read status on every bill, so each API process remembers every institution's
// history and re-reads it (one probe by _id: the slot after the newest change) when it is
// older than STATUS_RECHECK_MS. A change made through this process is known at once; one made
// through another API process is seen within that bound.
import type mongoose from 'mongoose';
import { DomainError } from '../../domain/errors';
import { findHospital, type Hospital, type HospitalRegistry } from '../../domain/policy/hospitals';
import { checkStatusChange, statusOn, type InstitutionStatus, type StatusChange, type StatusOnDay } from '../../domain/registry';
import { recordAuditEvent } from '../../models/auditEvent';
import { driverCollection } from '../../models/connection';
import { institutionStatusModel, statusSlotId, type InstitutionStatusChange } from '../../models/institutionStatus';
import { insertOnce } from '../../models/writes';
import type { Principal } from '../http/apiKeys';
import { auditActorOf } from './actors';

export const STATUS_RECHECK_MS = 2_000;

/** Lost races on one institution's chain before giving up (two agencies at the same instant). */
const MAX_RECORD_ATTEMPTS = 8;

export interface InstitutionView extends Hospital {
  status: InstitutionStatus;
  statusSince: string | null;
  statusReason: string | null;
  history: StatusChange[];
}

interface Remembered {
  history: StatusChange[];
  confirmedAt: number;
}

function toChange(
  row: Pick<InstitutionStatusChange, 'seq' | 'status' | 'reason' | 'effectiveDate' | 'recordedAt' | 'recordedBy'>,
): StatusChange {
  return {
    seq: row.seq,
    status: row.status,
    reason: row.reason,
    effectiveDate: row.effectiveDate,
    recordedAt: new Date(row.recordedAt).toISOString(),
    recordedBy: row.recordedBy,
  };
}

export class InstitutionRegistry {
  private readonly known = new Map<string, Remembered>();

  constructor(
    private readonly db: mongoose.Connection,
    private readonly facts: HospitalRegistry,
  ) {}

  hospital(id: string): Hospital | undefined {
    return findHospital(this.facts, id);
  }

  /** A registered institution, or NOT_FOUND. */
  require(id: string): Hospital {
    const hospital = this.hospital(id);
    if (!hospital) throw new DomainError('NOT_FOUND', { hospitalId: id });
    return hospital;
  }

  /** Institutions whose region lies in `region` (a province lists its cities' too), or all. */
  inRegion(region?: string): Hospital[] {
    const all = this.facts.hospitals;
    if (!region) return [...all];
    return all.filter((h) => h.region === region || (region.endsWith('0000') && h.region.startsWith(region.slice(0, 2))));
  }

  async history(id: string, maxAgeMs = STATUS_RECHECK_MS): Promise<StatusChange[]> {
    const remembered = this.known.get(id);
    if (remembered && Date.now() - remembered.confirmedAt <= maxAgeMs) return remembered.history;
    return this.refresh(id, remembered?.history ?? []);
  }

  async statusOn(id: string, day: string): Promise<StatusOnDay> {
    return statusOn(await this.history(id), day);
  }

  async view(hospital: Hospital, day: string): Promise<InstitutionView> {
    const history = await this.history(hospital.id);
    const now = statusOn(history, day);
    return { ...hospital, status: now.status, statusSince: now.since, statusReason: now.reason, history };
  }

  /**
   * H-1: records a suspension or reinstatement, audited with before and after. The change takes
   * the chain's next slot; a lost race re-reads the history and checks the change again.
   */
  async record(
    principal: Principal,
    hospital: Hospital,
    change: { to: InstitutionStatus; reason: string; effectiveDate: string; today: string; nowMs: number },
  ): Promise<InstitutionView> {
    for (let attempt = 1; attempt <= MAX_RECORD_ATTEMPTS; attempt += 1) {
      const history = await this.history(hospital.id, 0);
      checkStatusChange(hospital.id, history, change.to, change.effectiveDate);
      const seq = (history[history.length - 1]?.seq ?? 0) + 1;
      const row: InstitutionStatusChange = {
        _id: statusSlotId(hospital.id, seq),
        hospitalId: hospital.id,
        seq,
        status: change.to,
        reason: change.reason,
        effectiveDate: change.effectiveDate,
        recordedAt: new Date(change.nowMs),
        recordedBy: principal.agencyId,
      };
      if (!(await insertOnce(institutionStatusModel(this.db), row))) continue;
      const before = statusOn(history, change.effectiveDate);
      const after = [...history, toChange(row)];
      this.known.set(hospital.id, { history: after, confirmedAt: Date.now() });
      await recordAuditEvent(this.db, {
        eventId: row._id,
        caseType: 'HOSPITAL',
        caseId: hospital.id,
        action: change.to === 'SUSPENDED' ? 'SUSPENDED' : 'REINSTATED',
        actor: auditActorOf(principal),
        at: row.recordedAt,
        before: { status: before.status, since: before.since },
        after: { status: change.to, since: change.effectiveDate },
        details: { reason: change.reason, effectiveDate: change.effectiveDate },
      });
      return this.view(hospital, change.today);
    }
    throw new DomainError('IDEMPOTENCY_IN_PROGRESS', { hospitalId: hospital.id, hint: 'another change was being recorded; retry' });
  }

  /** The chain has no gaps: probe the slots after the newest known change by _id. */
  private async refresh(id: string, known: StatusChange[]): Promise<StatusChange[]> {
    const history = [...known];
    for (;;) {
      const next = await driverCollection(institutionStatusModel(this.db)).findOne({ _id: statusSlotId(id, history.length + 1) });
      if (!next) break;
      history.push(toChange(next));
    }
    this.known.set(id, { history, confirmedAt: Date.now() });
    return history;
  }
}

const registries = new WeakMap<mongoose.Connection, InstitutionRegistry>();

/** The process's registry for a connection: one memory of status histories per process. */
export function institutionRegistry(db: mongoose.Connection, facts: HospitalRegistry): InstitutionRegistry {
  let registry = registries.get(db);
  if (!registry) {
    registry = new InstitutionRegistry(db, facts);
    registries.set(db, registry);
  }
  return registry;
}
