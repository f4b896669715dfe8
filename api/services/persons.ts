// X-1 person-number change behind POST /persons/:personId/renumber: the checks a clerk gets an
// answer to at once (the new number is unused, the person is the clerk's), then one durable
// process (workflows/person/renumber.ts) that makes both numbers one person everywhere.
import { createHash } from 'node:crypto';
import { DomainError } from '../../domain/errors';
import { filingViewModel } from '../../models/filingView';
import { canonicalPersonId } from '../../models/personAlias';
import { settlementRecordModel } from '../../models/settlementRecord';
import type { InsuranceStatusChange } from '../../domain/filing/types';
import type { InsuranceStatusResult, PersonRenumberResult } from '../../workflows/person/definitions';
import type { insuranceStatusWorkflow } from '../../workflows/person/insuranceStatus';
import type { personRenumberWorkflow } from '../../workflows/person/renumber';
import type { AppContext } from '../context';
import type { Principal } from '../http/apiKeys';
import { caseActorOf } from './inquiries';
import { filingFinder } from './settlementFilings';

/** One id per change of one number to another; hashed, so no ID number is in Temporal's ids. */
export function renumberChangeId(personId: string, newPersonId: string): string {
  return `RENUM-${createHash('sha256').update(`${personId}\u0000${newPersonId}`).digest('hex').slice(0, 24).toUpperCase()}`;
}

/** The new number must be unused: no other person's alias, no filing or settlement of its own. */
async function assertNumberFree(ctx: AppContext, personId: string, newPersonId: string): Promise<void> {
  const [ofNew, ofOld] = await Promise.all([canonicalPersonId(ctx.db, newPersonId), canonicalPersonId(ctx.db, personId)]);
  if (ofNew !== newPersonId) {
    if (ofNew === ofOld) return; // this change (or an earlier one to the same number) was recorded: run it again, harmlessly
    throw new DomainError('PERSON_NUMBER_IN_USE', { newPersonId });
  }
  const [filing, settlement] = await Promise.all([
    filingViewModel(ctx.db).exists({ personId: newPersonId }),
    settlementRecordModel(ctx.db).exists({ personId: newPersonId }),
  ]);
  if (filing || settlement) throw new DomainError('PERSON_NUMBER_IN_USE', { newPersonId });
}

/** A clerk renumbers persons of its own insured region: those whose filings it holds. */
async function assertClerkOfPerson(ctx: AppContext, principal: Principal, personId: string): Promise<void> {
  if (principal.role === 'ADMIN') return;
  const elsewhere = await filingViewModel(ctx.db).exists({
    $or: [{ personId }, { formerPersonIds: personId }],
    insuredRegion: { $ne: principal.region },
  });
  if (elsewhere) throw new DomainError('AUTH_FORBIDDEN_REGION', { yourRegion: principal.region, personId });
}

export async function renumberPerson(
  ctx: AppContext,
  principal: Principal,
  personId: string,
  newPersonId: string,
  note?: string,
): Promise<PersonRenumberResult> {
  if (newPersonId === personId) throw new DomainError('PERSON_NUMBER_UNCHANGED', { personId });
  await assertClerkOfPerson(ctx, principal, personId);
  await assertNumberFree(ctx, personId, newPersonId);
  const changeId = renumberChangeId(personId, newPersonId);
  const handle = await ctx.temporal.workflow.start<typeof personRenumberWorkflow>('personRenumberWorkflow', {
    workflowId: changeId,
    taskQueue: ctx.config.TEMPORAL_TASK_QUEUE,
    workflowIdConflictPolicy: 'USE_EXISTING',
    args: [{ changeId, personId, newPersonId, actor: caseActorOf(principal), ...(note ? { note } : {}) }],
  });
  try {
    return await handle.result();
  } finally {
    // Settlements in this process stop using what they remembered of either number.
    const finder = filingFinder(ctx.db);
    finder.forget(personId);
    finder.forget(newPersonId);
  }
}

/** F-12: one id per reported change of one person (hashed: no ID number in Temporal's ids). */
export function insuranceChangeId(personId: string, status: string, effectiveDate: string): string {
  return `INSURANCE-${createHash('sha256').update(`${personId}\u0000${status}\u0000${effectiveDate}`).digest('hex').slice(0, 24).toUpperCase()}`;
}

/**
 * F-12: the insured region reports the person's insurance ended; every live filing of the person
 * ends on the effective date, through one durable process (workflows/person/insuranceStatus.ts).
 */
export async function changeInsuranceStatus(
  ctx: AppContext,
  principal: Principal,
  personId: string,
  change: { status: InsuranceStatusChange; effectiveDate: string },
): Promise<InsuranceStatusResult> {
  await assertClerkOfPerson(ctx, principal, personId);
  const changeId = insuranceChangeId(personId, change.status, change.effectiveDate);
  const handle = await ctx.temporal.workflow.start<typeof insuranceStatusWorkflow>('insuranceStatusWorkflow', {
    workflowId: changeId,
    taskQueue: ctx.config.TEMPORAL_TASK_QUEUE,
    workflowIdConflictPolicy: 'USE_EXISTING',
    args: [{ changeId, personId, ...change, actor: caseActorOf(principal) }],
  });
  try {
    return await handle.result();
  } finally {
    filingFinder(ctx.db).forget(personId);
  }
}
