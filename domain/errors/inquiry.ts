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
