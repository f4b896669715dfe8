// E-1 catalogue for the advance fund and monthly clearing (P-1..P-6) and monitoring (M-1, M-2).
// Each message says the cause and what to do next.
import { defineCatalogue } from './types';

export const clearingErrors = defineCatalogue({
  CLEARING_NOT_FOUND: {
    category: 'NOT_FOUND',
    status: 404,
    zh: '未找到该清算期（或不属于本统筹区），请核对清算编号 CLR-参保地-就医地-期间。',
    en: 'No clearing period with this id exists for your region; check the id (CLR-<insured>-<treatment>-<YYYY-MM>).',
  },
  CLEARING_EXCEPTION_NOT_FOUND: {
    category: 'NOT_FOUND',
    status: 404,
    zh: '该清算期没有此对账差异，请刷新清算期查看差异清单后再处理。',
    en: 'This clearing period has no such reconciliation exception; reload the period and pick one from its exception list.',
  },
  CLEARING_EXCEPTION_ALREADY_RESOLVED: {
    category: 'STATE',
    status: 409,
    zh: '该对账差异已处理，不能再次处理；如处理有误，请在下一清算期以调整方式更正。',
    en: 'This exception has already been resolved and cannot be decided again; correct it as an adjustment in the next period.',
  },
  CLEARING_NOT_RECONCILING: {
    category: 'STATE',
    status: 409,
    zh: '该清算期不在处理对账差异阶段（对账尚未完成或已出清算单），不能处理差异；请刷新后查看当前状态。',
    en: 'This clearing period is not resolving exceptions (reconciliation still running or the statement is made); reload it to see its status.',
  },
  CLEARING_STATEMENT_NOT_READY: {
    category: 'STATE',
    status: 409,
    zh: '该清算期尚未生成清算单（对账未达 100%），请先处理全部对账差异后再导出。',
    en: 'This period has no statement yet (reconciliation is below 100%); resolve every exception, then export it.',
  },
  CLEARING_NOT_APPLIED: {
    category: 'STATE',
    status: 409,
    zh: '该清算期尚未完成对账、结算和申请清算（三率须均达 100%），不能登记拨付；请先处理全部对账差异。',
    en: 'The period has not reached 100% reconciliation, settlement and application, so no payment can be recorded yet; resolve every exception first.',
  },
  CLEARING_ALREADY_PAID: {
    category: 'STATE',
    status: 409,
    zh: '该清算期已拨付并关闭，不能再次登记拨付或延期报告。',
    en: 'This clearing period is already paid and closed; nothing more can be recorded on it.',
  },
  CLEARING_PAYMENT_AMOUNT_MISMATCH: {
    category: 'POLICY',
    status: 422,
    zh: '拨付金额须等于清算单的应付净额（全额清算）；请按清算单净额拨付，差额问题通过对账差异处理。',
    en: 'Clearing is paid in full: the amount must equal the statement’s net due; settle any difference through reconciliation exceptions.',
  },
  CLEARING_DELAY_REPORT_REQUIRED: {
    category: 'POLICY',
    status: 422,
    zh: '已超过拨付截止日，须先提交延期拨付申请报告（原因和预计完成时间）后才能登记拨付。',
    en: 'The payment is past its due day: file a delay report (reason and expected date) first, then record the payment.',
  },
  CLEARING_EXPECTED_DATE_PAST: {
    category: 'VALIDATION',
    status: 400,
    zh: '预计完成拨付日期不能早于今天，请填写今天或之后的日期。',
    en: 'The expected payment date cannot be in the past; give today or a later date.',
  },
  CLEARING_PAID_ON_INVALID: {
    category: 'VALIDATION',
    status: 400,
    zh: '拨付日期不能晚于今天，也不能早于清算申请日，请核对拨付日期。',
    en: 'The payment date cannot be in the future or before the clearing was applied for; check paidOn.',
  },
  CLEARING_PERIOD_NOT_ENDED: {
    category: 'STATE',
    status: 409,
    zh: '该期间尚未结束，不能清算；请在下月清算开始日后再运行。',
    en: 'This period has not ended yet and cannot be cleared; run it after the month is over.',
  },
  CLEARING_PAIR_INVALID: {
    category: 'VALIDATION',
    status: 400,
    zh: '参保地与就医地不能相同，且参保地须有医保政策；请核对地区编码。',
    en: 'The insured and treatment regions must differ and the insured region must have a policy; check the region codes.',
  },
  ADVANCE_TOP_UP_INVALID: {
    category: 'VALIDATION',
    status: 400,
    zh: '预付金补足金额须为大于 0 的整数（分），就医地须与本统筹区不同。',
    en: 'A top-up needs a whole amount of fen greater than 0 and a treatment region other than your own.',
  },
  ADVANCE_QUOTA_CONTENDED: {
    category: 'CONFLICT',
    status: 409,
    zh: '另一位经办人员同时在调整该预付金额度，本次未生效；请刷新后重试。',
    en: 'Another clerk changed this advance quota at the same moment and yours did not apply; reload and retry.',
  },
  MONITORING_WARNING_NOT_FOUND: {
    category: 'NOT_FOUND',
    status: 404,
    zh: '未找到该预警（或不属于本统筹区），请核对预警编号。',
    en: 'No warning with this id exists for your region; check the warning id.',
  },
  MONITORING_WARNING_ALREADY_ACKNOWLEDGED: {
    category: 'STATE',
    status: 409,
    zh: '该预警已由经办人员评估处置，不能重复处置；处置意见可在预警详情中查看。',
    en: 'This warning has already been acknowledged; its note is shown on the warning.',
  },
});
