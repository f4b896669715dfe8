// S-8 reversal 冲正: the institution that made a direct settlement takes it back. The reversal
// is a charge of its own in the same accumulator chain, with the settlement's own amounts
// negated and a unique id per settlement (REV-<settlementId>), so it gives back exactly what the
// settlement took, once, however often and however concurrently it is retried. The record is
// then marked; a crash in between is repaired by the retry that meets the reversal's charge.
import { DomainError } from '../../domain/errors';
import { formatShanghaiTimestamp } from '../../domain/time';
import { recordAuditEvent } from '../../models/auditEvent';
import { settlementRecordModel, type SettlementRecord } from '../../models/settlementRecord';
import type { AppContext } from '../context';
import type { Principal } from '../http/apiKeys';
import type { ReversalBody, SettlementBody } from '../schemas/settlement';
import { assertHospitalOf } from './access';
import { accumulatorStore } from './accumulators';

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
  const outcome = await accumulatorStore(ctx.db).chargeOnce<ReversalBody>(record.accumulatorKeyId, id, () => {
    const body: ReversalBody = {
      id,
      settlementId,
      hospitalId: record.hospitalId,
      personId: record.personId,
      reason,
      reversedAt: formatShanghaiTimestamp(nowMs),
      period: record.period,
      deductibleFen: taken.deductibleFen,
      fundFen: taken.fundFen,
      accumulator: { key: record.accumulatorKeyId },
    };
    return { amounts: { deductibleFen: -taken.deductibleFen, fundFen: -taken.fundFen }, receipt: body };
  });
  const body = outcome.receipt;
  await markReversed(ctx, record, body, principal);
  return { body, replayed: !outcome.chargedNow };
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
    actor: { agencyId: principal.agencyId, role: principal.role },
    at: reversedAt,
    before: { status: 'SETTLED', fundFen: record.fundFen },
    after: { status: 'REVERSED', givenBack: { deductibleFen: body.deductibleFen, fundFen: body.fundFen } },
    details: { reason: body.reason },
  });
}
