// E-1 catalogue for expense inquiry / issue collaboration (I-1..I-6) and recovery (RC-1..RC-4).
// Each message says the cause and what to do next.
import { defineCatalogue } from './types';

export const inquiryErrors = defineCatalogue({
  INQUIRY_SETTLEMENT_NOT_FOUND: {
    category: 'NOT_FOUND',
    status: 404,
    zh: '未找到该结算记录（或不属于本统筹区），请核对结算编号。',
    en: 'No stored settlement with this id exists in your region; check the settlement id.',
  },
  INQUIRY_SETTLEMENT_REVERSED: {
    category: 'STATE',
    status: 409,
    zh: '该结算已被冲正，不再计入基金支出，无需发起协查；如对冲正本身有疑问，请联系就医地经办机构。',
    en: 'The settlement was reversed and no longer counts, so there is nothing to inquire about; ask the treatment-region agency about the reversal itself.',
  },
  INQUIRY_NOT_AWAITING_RESPONSE: {
    category: 'STATE',
    status: 409,
    zh: '该协查当前不在等待就医地答复的状态（已答复或已办结），不能再次答复；请刷新后查看最新状态。',
    en: 'This case is not waiting for an answer (already answered or closed); reload it to see its current status.',
  },
  INQUIRY_NOT_AWAITING_CONFIRMATION: {
    category: 'STATE',
    status: 409,
    zh: '该协查当前没有待确认的答复，不能确认或提出异议；请等待就医地答复后再办理。',
    en: 'This case has no answer waiting for confirmation; wait for the treatment agency to answer, then decide.',
  },
  INQUIRY_DISALLOWED_AMOUNT_REQUIRED: {
    category: 'VALIDATION',
    status: 400,
    zh: '核实有问题（VERIFIED_ISSUE）的答复须填写大于 0 的整数违规金额 disallowedFen（分）。',
    en: 'A VERIFIED_ISSUE answer needs disallowedFen, a whole number of fen greater than 0.',
  },
  INQUIRY_OK_WITH_DISALLOWED_AMOUNT: {
    category: 'VALIDATION',
    status: 400,
    zh: '核实无问题（VERIFIED_OK）的答复违规金额 disallowedFen 须为 0；如有违规金额请以 VERIFIED_ISSUE 答复。',
    en: 'A VERIFIED_OK answer must have disallowedFen 0; answer VERIFIED_ISSUE when an amount is disallowed.',
  },
  INQUIRY_DISALLOWED_EXCEEDS_FUND: {
    category: 'POLICY',
    status: 422,
    zh: '违规金额超过该笔结算的基金支付金额（details.fundFen），只能追回基金实际支付的部分，请更正金额。',
    en: 'The disallowed amount exceeds what the fund paid for this settlement (details.fundFen); only fund money can be recovered, so correct the amount.',
  },
  INQUIRY_REASONS_REQUIRED: {
    category: 'VALIDATION',
    status: 400,
    zh: '核实有问题的答复须至少列出一条违规原因（reasons）。',
    en: 'A VERIFIED_ISSUE answer needs at least one reason in reasons[].',
  },
  INQUIRY_NOT_ADDRESSED: {
    category: 'AUTH',
    status: 403,
    zh: '该协查不是发给本机构的，只有被协查的就医地经办机构可以答复。',
    en: 'This case is not addressed to your agency; only the addressed treatment-region agency may answer it.',
  },
  INQUIRY_SETTLEMENT_HAS_INQUIRY: {
    category: 'CONFLICT',
    status: 409,
    zh: '该笔结算已有协查（details.inquiryId），同一笔结算只能发起一件协查，以免核减金额超过基金支付；请在已有协查中继续办理（答复、确认或提出异议）。',
    en: 'This settlement already has an inquiry (details.inquiryId); one inquiry per settlement keeps the disallowed total within what the fund paid, so continue in that case (answer, confirm or dispute).',
  },
  INQUIRY_FORWARD_NOT_COLLABORATION: {
    category: 'POLICY',
    status: 422,
    zh: '只有问题协同可以转办（I-4）；费用协查须由被协查的就医地经办机构自行答复。',
    en: 'Only an issue collaboration can be forwarded (I-4); an expense inquiry is answered by the agency it is addressed to.',
  },
  INQUIRY_FORWARD_TARGET_INVALID: {
    category: 'VALIDATION',
    status: 400,
    zh: '转办对象须为另一家经办机构（6 位区划代码，且不是本机构）；请填写能够答复的机构的区划代码 toAgencyRegion。',
    en: 'Forward to another agency: toAgencyRegion must be the 6-digit region code of an agency other than yours that can answer.',
  },
  INQUIRY_ALREADY_FORWARDED: {
    category: 'CONFLICT',
    status: 409,
    zh: '该问题协同已转办给该机构（details.toAgencyRegion），无需重复转办；对方已可查看并答复。',
    en: 'This collaboration was already forwarded to that agency (details.toAgencyRegion); it can already read and answer it, so nothing more is needed.',
  },
  RECOVERY_SOURCE_NOT_CONFIRMED: {
    category: 'STATE',
    status: 409,
    zh: '协查来源的追回须以已确认的“核实有问题”（VERIFIED_ISSUE）结论为据；该协查尚未确认或结论不是核实有问题（details.status、details.result）。请待确认后再下达，确认后系统会自动发起追回。',
    en: 'An inquiry can be recovered only once a VERIFIED_ISSUE answer is confirmed; this one is not (details.status, details.result). Wait for the confirmation: the recovery then starts by itself.',
  },
  RECOVERY_SOURCE_NOT_LAPSED: {
    category: 'STATE',
    status: 409,
    zh: '承诺制备案来源的追回须以备案已失效（LAPSED，未按期补交材料）为据；该备案当前状态为 details.status，不能追回。',
    en: 'A commitment filing can be recovered only once it has lapsed (no proof by its deadline); this filing is details.status, so there is nothing to recover.',
  },
  RECOVERY_AMOUNT_EXCEEDS_SOURCE: {
    category: 'POLICY',
    status: 422,
    zh: '追回金额超过来源认定的金额（details.maxAmountFen：协查核减金额或承诺期内基金支付金额），只能追回来源认定的部分；请更正金额。',
    en: 'The amount exceeds what the source established (details.maxAmountFen: the disallowed amount of the inquiry, or the fund money paid under the commitment); correct the amount.',
  },
  RECOVERY_NOT_TRANSFER_REFUSED: {
    category: 'STATE',
    status: 409,
    zh: '该追回单当前没有被财务退回的划转（details.status），无需重新划转；请刷新查看最新状态。',
    en: 'This recovery has no transfer refused by finance (details.status), so there is nothing to retry; reload it to see its current status.',
  },
  RECOVERY_SOURCE_CONFLICT: {
    category: 'CONFLICT',
    status: 409,
    zh: '该来源已有一笔内容不同的追回单（details.recoveryId），同一来源只能追回一次；请查看已有追回单。',
    en: 'A different recovery already exists for this source (details.recoveryId); one source is recovered once, so look at that recovery.',
  },
  RECOVERY_SOURCE_NOT_FOUND: {
    category: 'NOT_FOUND',
    status: 404,
    zh: '追回来源（协查或备案）不存在或不属于本统筹区，请核对来源编号。',
    en: 'The recovery source (inquiry or filing) does not exist in your region; check the source id.',
  },
  RECOVERY_SCHEME_REQUIRED: {
    category: 'VALIDATION',
    status: 400,
    zh: '无法确定原支付基金账户：请填写险种 scheme（EMPLOYEE 或 RESIDENT）。',
    en: 'The paying fund account cannot be determined; give the scheme (EMPLOYEE or RESIDENT).',
  },
  RECOVERY_NOT_AWAITING_PAYMENT: {
    category: 'STATE',
    status: 409,
    zh: '该追回单已不在等待回款状态，无需再登记回款。',
    en: 'This recovery is no longer waiting for payment; nothing needs to be recorded.',
  },
});
