// F-4 / F-3: the filing a bill settles under, looked up in the filing read model. The person's
// filing whose treatment region covers the bill's institution (R-1, domain/regions.ts) that was
// valid on the admission date, under the person's current or a former number.
//
// Finding it means a query by person, which the dev/test database (FerretDB on SQLite) can
// only answer by decoding every filing view. So each process remembers, per person and region
// pair, the live filing it chose, and re-reads that one view by _id when the memory is older
// than FILING_RECHECK_MS (in the background from half that age, so busy persons seldom wait
// for it). A change made through this process (new filing, materials, change, cancel,
// renumbering) forgets the person at once; one made elsewhere (another API replica, or the
// workflow's own timers: lapse, expiry) is seen within FILING_RECHECK_MS, on top of the read
// model's own publishing delay (views are written by the filing workflow after the fact, so
// readers are never exactly current anyway). Only a live filing covering the bill is
// remembered: "no filing" and expired filings are always searched afresh.
import type mongoose from 'mongoose';
import type { Bill, FilingFacts, FilingStatus, FilingType } from '../../domain/settlement';
import { filingViewModel, type FilingView } from '../../models/filingView';
import { LIVE_FILING_STATUSES } from '../../domain/filing/types';

export interface FilingChoice {
  facts: FilingFacts;
  /** The read model's status (COMMITMENT_PENDING matters for F-7). */
  status: string;
}

type FilingRow = Pick<
  FilingView,
  | 'filingId'
  | 'personId'
  | 'formerPersonIds'
  | 'insuredRegion'
  | 'treatmentRegion'
  | 'type'
  | 'status'
  | 'validFrom'
  | 'validUntil'
  | 'commitmentDeadline'
  | 'createdAt'
  | 'document'
> & { _id: unknown };

const PROJECTION = {
  filingId: 1,
  personId: 1,
  formerPersonIds: 1,
  insuredRegion: 1,
  treatmentRegion: 1,
  type: 1,
  status: 1,
  validFrom: 1,
  validUntil: 1,
  commitmentDeadline: 1,
  createdAt: 1,
  'document.referral': 1,
  'document.endedOn': 1,
};

const LIVE: ReadonlySet<string> = new Set(LIVE_FILING_STATUSES);

/** Bound on remembered choices per process (a plain reset beyond it: they are only shortcuts). */
const REMEMBERED = 50_000;

/** How long a remembered filing is used before its view is read again. */
export const FILING_RECHECK_MS = 10_000;

/** F-12 and any other end: the first day an ended filing no longer counts, from its document. */
function endedOn(f: { document?: unknown }): string | null {
  return (f.document as { endedOn?: string | null } | undefined)?.endedOn ?? null;
}

function coversAdmission(
  f: Pick<FilingView, 'status' | 'validFrom' | 'validUntil'> & { document?: unknown },
  admissionDate: string,
): boolean {
  const ended = endedOn(f);
  return (
    f.status !== 'LAPSED' &&
    f.validFrom <= admissionDate &&
    (f.validUntil === null || admissionDate <= f.validUntil) &&
    (ended === null || admissionDate < ended)
  );
}

/**
 * F-4: among the person's filings, one covering the admission: a live one first (F-11 keeps
 * superseded ones, which still cover stays admitted while they were valid), then the most
 * recent. With none, the most recent filing anyway, so the engine's refusal can say why
 * (lapsed, or not valid on the admission date).
 */
export function chooseFiling<R extends Pick<FilingView, 'status' | 'validFrom' | 'validUntil' | 'createdAt'> & { document?: unknown }>(
  rows: R[],
  admissionDate: string,
): R | null {
  const newestFirst = [...rows].sort(
    (a, b) => b.validFrom.localeCompare(a.validFrom) || String(b.createdAt).localeCompare(String(a.createdAt)),
  );
  const covering = newestFirst.filter((r) => coversAdmission(r, admissionDate));
  return covering.find((r) => LIVE.has(r.status)) ?? covering[0] ?? newestFirst[0] ?? null;
}

function isLiveCover(row: FilingRow, bill: Bill, covering: readonly string[]): boolean {
  return (
    (row.personId === bill.personId || (row.formerPersonIds ?? []).includes(bill.personId)) &&
    row.insuredRegion === bill.insuredRegion &&
    covering.includes(row.treatmentRegion) &&
    LIVE.has(row.status) &&
    coversAdmission(row, bill.admissionDate)
  );
}

function toChoice(row: FilingRow, bill: Bill): FilingChoice {
  const referral = (row.document as { referral?: { fromHospital?: string } | null } | undefined)?.referral;
  return {
    status: row.status,
    facts: {
      id: row.filingId,
      type: row.type as FilingType,
      status: row.status as FilingStatus,
      validFrom: row.validFrom,
      validUntil: row.validUntil,
      commitmentDeadline: row.commitmentDeadline ?? null,
      endedOn: endedOn(row),
      // Matched by containment: a province filing covers its cities' hospitals.
      treatmentRegion: bill.treatmentRegion,
      ...(referral?.fromHospital ? { referral: { fromHospital: referral.fromHospital } } : {}),
    },
  };
}

interface Remembered {
  row: FilingRow;
  checkedAt: number;
}

export class FilingFinder {
  private readonly chosen = new Map<string, Remembered>();
  /** Reads under way per person and region pair: concurrent bills of one person share one. */
  private readonly searching = new Map<string, Promise<FilingRow[]>>();
  private readonly rereading = new Map<string, Promise<FilingRow | null>>();

  constructor(private readonly db: mongoose.Connection) {}

  /**
   * `covering`: the filing regions that cover the institution the bill comes from (R-1,
   * domain/regions.ts coveringRegions of its registered region).
   */
  async find(bill: Bill, covering: readonly string[]): Promise<FilingChoice | null> {
    const key = `${bill.insuredRegion}|${covering.join(',')}|${bill.personId}`;
    const known = this.chosen.get(key);
    if (known) {
      const age = Date.now() - known.checkedAt;
      const row = age <= FILING_RECHECK_MS ? known.row : await this.reread(key, known.row);
      if (age > FILING_RECHECK_MS / 2 && age <= FILING_RECHECK_MS) {
        this.reread(key, known.row).catch(() => undefined); // the next bill past the recheck age reads it again itself
      }
      if (row && isLiveCover(row, bill, covering)) return toChoice(row, bill);
      this.chosen.delete(key);
    }
    const row = chooseFiling(await this.search(key, bill, covering), bill.admissionDate);
    if (!row) return null;
    if (isLiveCover(row, bill, covering)) this.remember(key, row);
    return toChoice(row, bill);
  }

  /** Drops what this process remembers of the person (after a change it made to their filings). */
  forget(personId: string): void {
    for (const key of this.chosen.keys()) if (key.endsWith(`|${personId}`)) this.chosen.delete(key);
  }

  private search(key: string, bill: Bill, covering: readonly string[]): Promise<FilingRow[]> {
    return this.shared(this.searching, key, () =>
      filingViewModel(this.db)
        .find(
          {
            insuredRegion: bill.insuredRegion,
            treatmentRegion: { $in: [...covering] },
            $or: [{ personId: bill.personId }, { formerPersonIds: bill.personId }],
          },
          PROJECTION,
        )
        .lean<FilingRow[]>()
        .exec(),
    );
  }

  /** The remembered view as it is now (remembered again), or null when it is gone. */
  private reread(key: string, row: FilingRow): Promise<FilingRow | null> {
    return this.shared(this.rereading, key, async () => {
      const now = await filingViewModel(this.db).findById(row._id, PROJECTION).lean<FilingRow>();
      if (now) this.remember(key, now);
      else this.chosen.delete(key);
      return now;
    });
  }

  private shared<T>(inFlight: Map<string, Promise<T>>, key: string, read: () => Promise<T>): Promise<T> {
    let pending = inFlight.get(key);
    if (!pending) {
      pending = read().finally(() => inFlight.delete(key));
      inFlight.set(key, pending);
    }
    return pending;
  }

  private remember(key: string, row: FilingRow): void {
    if (!this.chosen.has(key) && this.chosen.size >= REMEMBERED) this.chosen.clear();
    this.chosen.set(key, { row, checkedAt: Date.now() });
  }
}

const finders = new WeakMap<mongoose.Connection, FilingFinder>();

export function filingFinder(db: mongoose.Connection): FilingFinder {
  let finder = finders.get(db);
  if (!finder) {
    finder = new FilingFinder(db);
    finders.set(db, finder);
  }
  return finder;
}
