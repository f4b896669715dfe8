// S-8 reversal 冲正: the institution that made a direct settlement takes it back. The reversal
// is a charge of its own in the same accumulator chain, with the settlement's own amounts
// negated and a unique id per settlement (REV-<settlementId>), so it gives back exactly what the
// settlement took, once, however often and however concurrently it is retried. The record is
// then marked; a crash in between is repaired by the retry that meets the reversal's charge.
//
// P-6: the reversal first settles, by one unique insert, whether the settlement is still in its
// open period (it is then counted in no clearing at all) or was already counted by a locked one
// (the reversal is then a negative adjustment in the next open period, which its `period` names).
// A clearing's lock claims the same key, so the two can never both win.
import { DomainError } from '../../domain/errors';
import { formatShanghaiTimestamp } from '../../domain/time';
import { nextPeriod } from '../../domain/clearing/periods';
import { recordAuditEvent } from '../../models/auditEvent';
import { clearingItemModel, clearingLockModel, lockIdOf, settlementItemId } from '../../models/clearing';
import { insertOnce } from '../../models/writes';
import { settlementRecordModel, type SettlementRecord } from '../../models/settlementRecord';
import type { AppContext } from '../context';
import type { Principal } from '../http/apiKeys';
import { auditActorOf } from './actors';
import type { ReversalBody, SettlementBody } from '../schemas/settlement';
import { assertHospitalOf } from './access';
import { accumulatorStore } from './accumulators';
import { nudgeAdvance } from './advances';

export function reversalIdOf(settlementId: string): string {
  return `REV-${settlementId}`;
}

export async function reverseSettlement(
  ctx: AppContext,
  principal: Principal,
  settlementId: string,
  reason: string,
): Promise<{ body: ReversalBody; replayed: boolean }> {
  const record = await settlementRecordModel(ctx.db).findById(settlementId).lean();
  if (!record || record.state !== 'STORED') throw new DomainError('NOT_FOUND', { settlementId });
  // H-4: another institution's settlement is not disclosed; only the one that made it reverses it.
  if (principal.hospitalId !== record.hospitalId) throw new DomainError('NOT_FOUND', { settlementId });
  assertHospitalOf(principal, record);
  if (record.kind !== 'DIRECT') throw new DomainError('SETTLEMENT_NOT_REVERSIBLE', { settlementId, kind: record.kind });

  const taken = (record.breakdown as SettlementBody).accumulator;
  const id = reversalIdOf(settlementId);
  const nowMs = await ctx.clock.nowMs();
  const period = await reversalPeriodOf(ctx, record, nowMs);
  const outcome = await accumulatorStore(ctx.db).chargeOnce<ReversalBody>(record.accumulatorKeyId, id, () => {
    const body: ReversalBody = {
      id,
      settlementId,
      hospitalId: record.hospitalId,
      personId: record.personId,
      reason,
      reversedAt: formatShanghaiTimestamp(nowMs),
      period,
      deductibleFen: taken.deductibleFen,
      fundFen: taken.fundFen,
      accumulator: { key: record.accumulatorKeyId },
    };
    return { amounts: { deductibleFen: -taken.deductibleFen, fundFen: -taken.fundFen }, receipt: body };
  });
  const body = outcome.receipt;
  await markReversed(ctx, record, body, principal);
  if (outcome.chargedNow)
    nudgeAdvance(ctx, { insuredRegion: record.insuredRegion, treatmentRegion: record.treatmentRegion }, 'settlement reversed');
  return { body, replayed: !outcome.chargedNow };
}

/**
 * P-6: the period the reversal counts in. Voiding the settlement's clearing line first (insert of
 * its `S:` key) means no clearing will count it: the reversal stays in the settlement's own period.
 * If a lock counted it already, the reversal goes to the first period after that one not locked.
 */
async function reversalPeriodOf(ctx: AppContext, record: SettlementRecord, nowMs: number): Promise<string> {
  const items = clearingItemModel(ctx.db);
  const id = settlementItemId(record._id);
  await insertOnce(items, {
    _id: id,
    clearingId: null,
    insuredRegion: record.insuredRegion,
    treatmentRegion: record.treatmentRegion,
    period: null,
    lineId: record._id,
    settlementId: record._id,
    kind: 'SETTLEMENT',
    fundFen: record.fundFen,
    scheme: record.scheme,
    visitType: record.visitType,
    hospitalId: record.hospitalId,
    recordPeriod: record.period,
    adjustment: false,
    voided: true,
    at: new Date(nowMs),
  });
  const item = await items.findById(id, { voided: 1, period: 1 }).lean();
  if (!item || item.voided || !item.period) return record.period;
  let period = nextPeriod(item.period);
  const locks = clearingLockModel(ctx.db);
  while (await locks.exists({ _id: lockIdOf(record.insuredRegion, record.treatmentRegion, period) })) period = nextPeriod(period);
  return period;
}

/** The record counts for nothing once this is set; writing it again changes nothing. */
async function markReversed(ctx: AppContext, record: SettlementRecord, body: ReversalBody, principal: Principal): Promise<void> {
  const reversedAt = new Date(body.reversedAt);
  if (!record.reversal) {
    await settlementRecordModel(ctx.db).updateOne(
      { _id: record._id },
      {
        $set: {
          reversal: {
            id: body.id,
            reason: body.reason,
            reversedAt,
            reversedBy: principal.agencyId,
            deductibleFen: body.deductibleFen,
            fundFen: body.fundFen,
            period: body.period,
          },
        },
      },
    );
  }
  await recordAuditEvent(ctx.db, {
    eventId: body.id,
    caseType: 'SETTLEMENT',
    caseId: record._id,
    action: 'REVERSED',
    actor: auditActorOf(principal),
    at: reversedAt,
    before: { status: 'SETTLED', fundFen: record.fundFen },
    after: { status: 'REVERSED', givenBack: { deductibleFen: body.deductibleFen, fundFen: body.fundFen } },
    details: { reason: body.reason },
  });
}
