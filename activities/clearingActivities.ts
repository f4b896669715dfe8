// Side effects of the clearing workflow (P-2..P-6). Every write is an insert against a unique key
// or a newer revision of a read model, and every agency write carries a key built from the
// clearing id and the step, so retries and worker crashes change nothing twice.
import type mongoose from 'mongoose';
import { recordAuditEvent, type AuditEvent } from '../models/auditEvent';
import {
  clearingCarryModel,
  clearingItemModel,
  clearingLockModel,
  clearingOffsetModel,
  clearingViewModel,
  lockIdOf,
  reversalItemId,
  saveClearingView,
  settlementItemId,
  type ClearingItem,
  type ClearingView,
} from '../models/clearing';
import { bookClearingMovement } from '../models/clearingLedger';
import { recoveryViewModel } from '../models/recoveryView';
import { LATE_RECORD_WINDOW_PERIODS } from '../models/clearingPairs';
import { settlementRecordModel } from '../models/settlementRecord';
import { isDuplicateKey, insertOnce } from '../models/writes';
import {
  addPeriods,
  carriedException,
  chooseOffsets,
  compareLines,
  lineOfResolved,
  makeStatement,
  reconciliationSummary,
  type ClearingException,
  type ClearingLine,
  type ClearingMovement,
  type LockSummary,
  type ReconciliationSummary,
  type Statement,
  type StatementLine,
} from '../domain/clearing';
import { formatShanghaiTimestamp, isoDateInShanghai } from '../domain/time';
import type { ClearingNotice } from './clearingAgency';
import type { ActivityDeps } from './deps';

export interface ClearingRef {
  clearingId: string;
  insuredRegion: string;
  treatmentRegion: string;
  period: string;
}

// P-6: a record that arrives late lands in the next clearing that locks; records older than
// LATE_RECORD_WINDOW_PERIODS before the one being locked are not looked for again (a late record
// is one whose storing was retried after a crash, within days). A reversal is looked for by the
// period it was made in, not its settlement's: a settlement of any age reversed now is an
// adjustment of the period open now.

const INSERT_BATCH = 1000;

async function insertIgnoringDuplicates(model: mongoose.Model<ClearingItem>, docs: ClearingItem[]): Promise<void> {
  for (let i = 0; i < docs.length; i += INSERT_BATCH) {
    try {
      await model.collection.insertMany(docs.slice(i, i + INSERT_BATCH) as never[], { ordered: false });
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
    }
  }
}

export async function linesOf(db: mongoose.Connection, clearingId: string): Promise<Array<ClearingLine & { adjustment: boolean }>> {
  const items = await clearingItemModel(db)
    .find(
      { clearingId },
      { _id: 0, lineId: 1, settlementId: 1, kind: 1, fundFen: 1, scheme: 1, visitType: 1, hospitalId: 1, recordPeriod: 1, adjustment: 1 },
    )
    .lean<Array<ClearingLine & { adjustment: boolean }>>();
  return items.sort((a, b) => a.lineId.localeCompare(b.lineId));
}

function requireAgency(deps: ActivityDeps) {
  if (!deps.clearingAgency) throw new Error('no clearing agency client configured (ActivityDeps.clearingAgency)');
  return deps.clearingAgency;
}

export function createClearingActivities(deps: ActivityDeps) {
  const { db, clock } = deps;
  return {
    /** Audit first: a view never shows an event whose audit record could still be missing. */
    async persistClearing({ view, audit }: { view: ClearingView; audit: Array<Omit<AuditEvent, 'at'> & { at: string }> }): Promise<void> {
      for (const event of audit) await recordAuditEvent(db, { ...event, at: new Date(event.at) });
      await saveClearingView(db, view);
    },

    /**
     * P-6 lock, then count the period's lines: every direct settlement of the pair of this period
     * (and late ones of the periods before it) not counted yet and not reversed, and every reversal
     * of a settlement counted by an earlier clearing. Each line is claimed by a unique insert, so a
     * reversal racing the lock either voids the settlement first or becomes an adjustment later.
     */
    async lockClearingPeriod(ref: ClearingRef): Promise<LockSummary> {
      const nowMs = await clock.nowMs();
      const pair = { insuredRegion: ref.insuredRegion, treatmentRegion: ref.treatmentRegion };
      await insertOnce(clearingLockModel(db), {
        _id: lockIdOf(ref.insuredRegion, ref.treatmentRegion, ref.period),
        clearingId: ref.clearingId,
        ...pair,
        period: ref.period,
        lockedAt: new Date(nowMs),
      });
      const lock = await clearingLockModel(db)
        .findById(lockIdOf(ref.insuredRegion, ref.treatmentRegion, ref.period))
        .lean();
      const window = Array.from({ length: LATE_RECORD_WINDOW_PERIODS + 1 }, (_, i) => addPeriods(ref.period, -i));
      const fields = { _id: 1, fundFen: 1, scheme: 1, visitType: 1, hospitalId: 1, period: 1, reversal: 1 };
      const stored = { ...pair, kind: 'DIRECT', state: 'STORED' };
      const [ofWindow, reversedInWindow] = await Promise.all([
        settlementRecordModel(db)
          .find({ ...stored, period: { $in: window } }, fields)
          .lean(),
        settlementRecordModel(db)
          .find({ ...stored, period: { $nin: window }, 'reversal.period': { $in: window } }, fields)
          .lean(),
      ]);
      const records = [...ofWindow, ...reversedInWindow];
      const items = clearingItemModel(db);
      const known = new Map(
        (await items.find({ ...pair, recordPeriod: { $in: window } }, { _id: 1, clearingId: 1, voided: 1 }).lean()).map((i) => [i._id, i]),
      );
      const at = new Date(nowMs);
      const base = (r: (typeof records)[number]) => ({
        settlementId: r._id,
        scheme: r.scheme,
        visitType: r.visitType,
        hospitalId: r.hospitalId,
        recordPeriod: r.period,
        clearingId: ref.clearingId,
        ...pair,
        period: ref.period,
        voided: false,
        at,
      });
      const settlementClaims: ClearingItem[] = records
        .filter((r) => !r.reversal && !known.has(settlementItemId(r._id)))
        .map((r) => ({
          ...base(r),
          _id: settlementItemId(r._id),
          lineId: r._id,
          kind: 'SETTLEMENT',
          fundFen: r.fundFen,
          adjustment: r.period < ref.period,
        }));
      await insertIgnoringDuplicates(items, settlementClaims);
      // Reversals of settlements an earlier clearing counted: negative adjustment lines here (P-6).
      const counted = new Map(
        (
          await items
            .find(
              { _id: { $in: records.filter((r) => r.reversal).map((r) => settlementItemId(r._id)) } },
              { _id: 1, clearingId: 1, voided: 1 },
            )
            .lean()
        ).map((i) => [i._id, i]),
      );
      const reversalClaims: ClearingItem[] = records
        .filter((r) => {
          const s = counted.get(settlementItemId(r._id));
          const rp = (r.reversal as { period?: string } | null)?.period ?? r.period;
          return (
            r.reversal &&
            s &&
            !s.voided &&
            s.clearingId &&
            s.clearingId !== ref.clearingId &&
            rp <= ref.period &&
            !known.has(reversalItemId(r._id))
          );
        })
        .map((r) => ({
          ...base(r),
          _id: reversalItemId(r._id),
          lineId: `REV-${r._id}`,
          kind: 'REVERSAL',
          fundFen: -r.fundFen,
          adjustment: true,
        }));
      await insertIgnoringDuplicates(items, reversalClaims);
      const lines = await linesOf(db, ref.clearingId);
      const adjustments = lines.filter((l) => l.adjustment);
      return {
        lockedAt: formatShanghaiTimestamp((lock?.lockedAt ?? at).getTime()),
        count: lines.filter((l) => l.kind === 'SETTLEMENT').length,
        fundFen: lines.reduce((n, l) => n + l.fundFen, 0),
        adjustments: { count: adjustments.length, fundFen: adjustments.reduce((n, l) => n + l.fundFen, 0) },
      };
    },

    /**
     * P-2 (a): our lines against the treatment agency's list of the same period; exceptions
     * deferred by earlier clearings of the pair are carried in here (each into one clearing).
     */
    async reconcileClearing(ref: ClearingRef): Promise<{ summary: ReconciliationSummary; exceptions: ClearingException[] }> {
      const agency = requireAgency(deps);
      const ours = await linesOf(db, ref.clearingId);
      const theirs = await agency.clearingList(ref.treatmentRegion, ref.insuredRegion, ref.period);
      const comparison = compareLines(ours, theirs);
      const carried: ClearingException[] = [];
      const earlier = await clearingViewModel(db)
        .find(
          { insuredRegion: ref.insuredRegion, treatmentRegion: ref.treatmentRegion, period: { $lt: ref.period } },
          { clearingId: 1, document: 1 },
        )
        .lean();
      for (const view of earlier.sort((a, b) => a.clearingId.localeCompare(b.clearingId))) {
        const exceptions = ((view.document as { exceptions?: ClearingException[] }).exceptions ?? []).filter(
          (e) => e.resolution?.decision === 'DEFER',
        );
        for (const e of exceptions) {
          const claim = {
            _id: `${e.id}@${view.clearingId}`,
            clearingId: ref.clearingId,
            insuredRegion: ref.insuredRegion,
            treatmentRegion: ref.treatmentRegion,
            at: new Date(await clock.nowMs()),
          };
          const mine =
            (await insertOnce(clearingCarryModel(db), claim)) ||
            (await clearingCarryModel(db).findById(claim._id).lean())?.clearingId === ref.clearingId;
          if (mine) carried.push(carriedException(e, view.clearingId));
        }
      }
      const today = isoDateInShanghai(await clock.nowMs());
      return { summary: reconciliationSummary(comparison, carried.length, today), exceptions: [...comparison.exceptions, ...carried] };
    },

    /**
     * P-2 (b): the statement from every reconciled line: our lines that matched, and each resolved
     * exception with the amount decided; recovered money of the pair offset against it (RC-3),
     * each recovery claimed by one clearing only.
     */
    async buildClearingStatement({ ref, exceptions }: { ref: ClearingRef; exceptions: ClearingException[] }): Promise<Statement> {
      const today = isoDateInShanghai(await clock.nowMs());
      const ours = await linesOf(db, ref.clearingId);
      const differing = new Set(exceptions.filter((e) => !e.carriedFrom).map((e) => e.lineId));
      const lines: StatementLine[] = ours.filter((l) => !differing.has(l.lineId));
      const ourAdjustment = new Map(ours.map((l) => [l.lineId, l.adjustment]));
      for (const e of exceptions) {
        const line = lineOfResolved(e);
        // P-6: a late record or a reversal line stays an adjustment whichever amount was accepted.
        const adjustment = ourAdjustment.get(e.lineId) ?? (line?.kind === 'REVERSAL' || e.carriedFrom !== undefined);
        if (line) lines.push({ ...line, adjustment: adjustment || e.carriedFrom !== undefined });
      }
      const fundFen = lines.reduce((n, l) => n + l.fundFen, 0);
      const offsets = clearingOffsetModel(db);
      const mine = await offsets.find({ clearingId: ref.clearingId }, { _id: 1, amountFen: 1 }).lean();
      const claimedFen = mine.reduce((n, o) => n + (o.amountFen ?? 0), 0);
      const open = await recoveryViewModel(db)
        .find(
          { insuredRegion: ref.insuredRegion, treatmentRegion: ref.treatmentRegion, status: { $in: ['AWAITING_PAYMENT', 'ESCALATED'] } },
          { recoveryId: 1, amountFen: 1, document: 1 },
        )
        .lean();
      const candidates = open
        .filter(
          (r) =>
            (r.document as { debtorRegion?: string }).debtorRegion === ref.treatmentRegion && !mine.some((m) => m._id === r.recoveryId),
        )
        .map((r) => ({ recoveryId: r.recoveryId, amountFen: r.amountFen }));
      for (const c of chooseOffsets(fundFen - claimedFen, candidates)) {
        await insertOnce(offsets, {
          _id: c.recoveryId,
          clearingId: ref.clearingId,
          insuredRegion: ref.insuredRegion,
          treatmentRegion: ref.treatmentRegion,
          amountFen: c.amountFen,
          at: new Date(await clock.nowMs()),
        });
      }
      const claimed = (await offsets.find({ clearingId: ref.clearingId }, { _id: 1, amountFen: 1 }).lean()).map((o) => ({
        recoveryId: o._id,
        amountFen: o.amountFen ?? 0,
      }));
      return makeStatement(lines, claimed, today);
    },

    /** P-2 (c): the application 申请清算 with 100% of the statement's lines. */
    async applyForClearing({ ref, statement }: { ref: ClearingRef; statement: Statement }): Promise<{ receiptId: string }> {
      const receipt = await requireAgency(deps).applyForClearing(
        ref.treatmentRegion,
        {
          clearingId: ref.clearingId,
          insuredRegion: ref.insuredRegion,
          period: ref.period,
          lineCount: statement.lineCount,
          fundFen: statement.fundFen,
          recoveryOffsetFen: statement.recoveryOffsetFen,
          netDueFen: statement.netDueFen,
        },
        `${ref.clearingId}:apply`,
      );
      return { receiptId: receipt.receiptId };
    },

    /** P-3, P-5: a notice to an agency (payment reminder, top-up request or reminder). */
    async sendClearingNotice({
      region,
      notice,
      key,
    }: {
      region: string;
      notice: ClearingNotice;
      key: string;
    }): Promise<{ receiptId: string }> {
      const receipt = await requireAgency(deps).notify(region, notice, key);
      return { receiptId: receipt.receiptId };
    },

    /** P-1, P-4: both legs of one movement, idempotent by entry id. */
    async bookClearingMovement(movement: ClearingMovement): Promise<{ entryIds: string[] }> {
      return { entryIds: await bookClearingMovement(db, movement) };
    },
  };
}

export type ClearingActivities = ReturnType<typeof createClearingActivities>;
