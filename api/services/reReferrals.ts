// F-10 re-referral: by a treatment-region hospital with referral rights, or through the
// insured-region clerk; the result is a new REFERRAL filing linked to the original.
import { DomainError } from '../../domain/errors';
import { planReReferral } from '../../domain/filing';
import { reReferredSignal, type FilingDocument } from '../../workflows/filing/definitions';
import type { AppContext } from '../context';
import type { Principal } from '../http/apiKeys';
import { assertCanRead, assertInsuredClerkOf } from './access';
import { caseId } from './caseIds';
import { loadFiling, startFilingCase, todayFor } from './filings';
import { actorOf } from './actors';
import { filingStateOf } from './filingState';

export interface ReReferralBody {
  treatmentRegion?: string;
  fromHospital: string;
  /** Omitted for a same-disease re-referral (F-10 simplified filing). */
  certificateNo?: string;
  sameDisease: boolean;
  startDate?: string;
}

export async function reReferFiling(
  ctx: AppContext,
  principal: Principal,
  originalId: string,
  body: ReReferralBody,
  idempotencyKey?: string,
): Promise<FilingDocument> {
  const original = await loadFiling(ctx, principal, originalId);
  if (principal.role === 'HOSPITAL') {
    assertCanRead(principal, original, 'filingId');
    // F-10, H-4: a hospital re-refers only from its own institution.
    if (body.fromHospital !== principal.hospitalId) {
      throw new DomainError('AUTH_FORBIDDEN_INSTITUTION', { yourInstitution: principal.hospitalId, fromHospital: body.fromHospital });
    }
  } else {
    assertInsuredClerkOf(principal, original.insuredRegion);
  }
  const { filing: policy } = ctx.policies.forRegion(original.insuredRegion);
  const today = await todayFor(ctx);
  const via = principal.role === 'HOSPITAL' ? 'HOSPITAL' : 'INSURED_AGENCY';
  const plan = planReReferral(
    policy,
    filingStateOf(original),
    {
      via,
      ...(via === 'HOSPITAL' ? { hospitalId: body.fromHospital } : { fromHospital: body.fromHospital }),
      ...(body.treatmentRegion ? { toTreatmentRegion: body.treatmentRegion } : {}),
      sameDisease: body.sameDisease,
      ...(body.certificateNo ? { certificateNo: body.certificateNo } : {}),
    },
    ctx.policies.hospitals(),
    today,
  );
  if (body.startDate) plan.application.startDate = body.startDate;
  const created = await startFilingCase(ctx, principal, plan.application, caseId('FIL', principal.agencyId, idempotencyKey, 're-referral'));
  // The same key resent for a re-referral of another filing reaches the case it first made.
  if (created.linkedFilingId !== original.id)
    throw new DomainError('IDEMPOTENCY_KEY_REUSED', { key: idempotencyKey, filingId: created.id });
  await ctx.temporal.workflow.getHandle(original.id).signal(reReferredSignal, { newFilingId: created.id, actor: actorOf(principal) });
  return created;
}
