// E-1 catalogue for filing (备案) rules, plus policy-data validation (filing policy, holiday
// calendars, hospital registry). Each message says the cause and what to do next.
import { defineCatalogue } from './types';

export const filingErrors = defineCatalogue({
  POLICY_DATA_INVALID: {
    category: 'VALIDATION', status: 400,
    zh: '政策数据文件不符合格式要求，请按 details.issues 中列出的位置逐项修正后重新加载。',
    en: 'The policy data file is invalid; fix each place listed in details.issues and reload it.',
  },
  FILING_REGION_UNKNOWN: {
    category: 'POLICY', status: 422,
    zh: '未找到该参保地的备案政策，请核对参保地区划编码，或请管理员导入该地区政策。',
    en: 'No filing policy exists for this insured region; check the region code or ask an administrator to load its policy.',
  },
  FILING_SAME_REGION: {
    category: 'VALIDATION', status: 400,
    zh: '就医地与参保地相同，无需办理异地就医备案。',
    en: 'The treatment region is the insured region; no cross-region filing is needed.',
  },
  FILING_SUBTYPE_REQUIRED: {
    category: 'VALIDATION', status: 400,
    zh: '异地长期居住备案须选择子类型：异地安置、长期居住或常驻异地工作。',
    en: 'A LONG_TERM filing needs a subtype: RESETTLED, RESIDENT or WORKING.',
  },
  FILING_SUBTYPE_NOT_APPLICABLE: {
    category: 'VALIDATION', status: 400,
    zh: '只有异地长期居住备案有子类型，请去掉 subtype 后重试。',
    en: 'Only LONG_TERM filings have a subtype; remove subtype and retry.',
  },
  FILING_WORKING_EMPLOYEES_ONLY: {
    category: 'POLICY', status: 422,
    zh: '常驻异地工作（进修）备案仅限职工医保参保人员；城乡居民请选择长期居住等其他类型。',
    en: 'WORKING filings are for employee-scheme members only; a resident-scheme member should choose another subtype such as RESIDENT.',
  },
  FILING_SUBTYPE_SCHEME_NOT_ALLOWED: {
    category: 'POLICY', status: 422,
    zh: '参保地政策不允许该险种办理此类备案，请核对险种或选择其他备案类型。',
    en: "The insured region's policy does not allow this subtype for this scheme; check the scheme or choose another type.",
  },
  FILING_PROOF_REQUIRED: {
    category: 'VALIDATION', status: 400,
    zh: '此类备案须提供备案材料（proof）；材料暂缺的，可申请承诺制备案（commitment=true）。',
    en: 'This filing type needs proof; if the material is not yet available, apply with commitment=true.',
  },
  FILING_REFERRAL_CERTIFICATE_REQUIRED: {
    category: 'VALIDATION', status: 400,
    zh: '转诊转院备案须提供转出医院和转诊证明编号；证明暂缺的，可申请承诺制备案。',
    en: 'A REFERRAL filing needs the referring hospital and the referral certificate number; if the certificate is missing, apply with commitment.',
  },
  FILING_PROOF_EXPIRED: {
    category: 'POLICY', status: 422,
    zh: '材料上标明的有效期已过或早于备案起始日，请提供仍在有效期内的材料。',
    en: 'The end date on the proof has passed or is before the filing start; supply a proof that is still valid.',
  },
  FILING_COMMITMENT_NOT_ALLOWED_FOR_TYPE: {
    category: 'POLICY', status: 422,
    zh: '此备案类型不能办理承诺制备案（其他临时外出就医不适用），请补齐材料后按普通备案办理。',
    en: 'This filing type cannot use commitment filing (OTHER_TEMPORARY never can); supply the material and file normally.',
  },
  FILING_COMMITMENT_NOT_NEEDED: {
    category: 'VALIDATION', status: 400,
    zh: '备案材料已齐全，无需承诺制，请以 commitment=false 按普通备案办理。',
    en: 'The required material is already supplied; file normally with commitment=false.',
  },
  FILING_COMMITMENT_BARRED: {
    category: 'POLICY', status: 422,
    zh: '该参保人此前承诺制备案到期未补齐材料，按规定不得再次申请承诺制备案，请提供完整材料办理普通备案。',
    en: 'This person once let a commitment filing lapse without proof and may not use commitment filing again; file normally with full material.',
  },
  FILING_COMMITMENT_LAPSED: {
    category: 'STATE', status: 409,
    zh: '承诺期已届满，该承诺制备案已失效，不能再补交材料；请重新办理备案。',
    en: 'The commitment period is over and the filing has lapsed; materials can no longer be supplied. Start a new filing.',
  },
  FILING_NOT_COMMITMENT_PENDING: {
    category: 'STATE', status: 409,
    zh: '该备案不处于承诺期，无需补交承诺材料。',
    en: 'This filing is not waiting for commitment material; nothing needs to be supplied.',
  },
  FILING_RETRO_TOO_EARLY: {
    category: 'POLICY', status: 422,
    zh: '补办备案的起始日期超出参保地允许的最长追溯天数，请将起始日期改为 details.earliestStart 或之后；更早的费用请回参保地手工报销。',
    en: "The back-dated start is earlier than the insured region allows; use details.earliestStart or later, and claim earlier bills by manual reimbursement at the insured region.",
  },
  FILING_RETRO_RESIDENCE_DATE_REQUIRED: {
    category: 'VALIDATION', status: 400,
    zh: '补办备案须在材料中注明在就医地居住（工作）的起始日期（proof.residentSince），以证明入院前已在就医地居住。',
    en: 'A retroactive filing needs proof.residentSince, the date from which the proof shows residence in the treatment region, to show residence before admission.',
  },
  FILING_RETRO_RESIDENCE_AFTER_ADMISSION: {
    category: 'POLICY', status: 422,
    zh: '材料显示的居住起始日期晚于入院日期，不能补办覆盖该次住院的备案；该次费用请回参保地手工报销。',
    en: 'The proof shows residence only after admission, so the filing cannot cover that stay; claim it by manual reimbursement at the insured region.',
  },
  FILING_ADMISSION_BEFORE_VALIDITY: {
    category: 'POLICY', status: 422,
    zh: '入院日期早于备案起始日期，本次住院不在备案覆盖范围内；请将起始日期提前至入院日（在允许范围内），或回参保地手工报销。',
    en: 'Admission is before the filing start, so the stay would not be covered; move the start back to the admission date (within the allowed limit) or claim manual reimbursement.',
  },
  FILING_EMERGENCY_NEEDS_NO_FILING: {
    category: 'POLICY', status: 422,
    zh: '急诊抢救视同已备案，无需办理备案，医院可直接结算该次费用。',
    en: 'Emergency care is deemed filed; no filing is needed and the hospital can settle the episode directly.',
  },
  FILING_CHANGE_TOO_EARLY: {
    category: 'POLICY', status: 422,
    zh: '异地长期居住备案生效未满规定时限，暂不能变更，请于 details.earliestDate 或之后再办理。',
    en: 'This long-term filing has not been in force long enough to be changed; change it on or after details.earliestDate.',
  },
  FILING_CHANGE_EMPTY: {
    category: 'VALIDATION', status: 400,
    zh: '变更申请未包含任何要变更的内容（就医地、子类型或材料），请补充后重试。',
    en: 'The change request changes nothing; give a new treatmentRegion, subtype or proof and retry.',
  },
  FILING_CANCEL_TOO_EARLY: {
    category: 'POLICY', status: 422,
    zh: '异地长期居住备案生效未满规定时限，暂不能取消，请于 details.earliestDate 或之后再办理。',
    en: 'This long-term filing has not been in force long enough to be cancelled; cancel it on or after details.earliestDate.',
  },
  FILING_CHANGE_DURING_COMMITMENT: {
    category: 'POLICY', status: 422,
    zh: '承诺期内不得变更备案信息，请先补齐承诺材料后再办理变更。',
    en: 'Filing information cannot be changed during the commitment period; supply the promised material first, then change it.',
  },
  FILING_SELF_SERVICE_ONLINE_CANCEL: {
    category: 'POLICY', status: 422,
    zh: '自助备案不能由参保人线上自行取消，请到经办机构窗口办理取消。',
    en: 'A self-service filing cannot be cancelled online by the person; cancel it at an agency service counter.',
  },
  FILING_NOT_ACTIVE: {
    category: 'STATE', status: 409,
    zh: '该备案已失效（已取消、已到期、已被替代或承诺失效），不能办理此操作；如需继续异地就医请重新备案。',
    en: 'This filing is no longer in force (cancelled, expired, superseded or lapsed); start a new filing if the person still needs one.',
  },
  FILING_ACTIVE_EXISTS: {
    category: 'CONFLICT', status: 409,
    zh: '该参保人在此就医地已有有效备案，参保地政策不允许重复备案；请先变更或取消原备案。',
    en: 'The person already has a filing in force for this treatment region and policy refuses a second; change or cancel that filing first.',
  },
  FILING_RE_REFERRAL_NOT_ALLOWED: {
    category: 'POLICY', status: 422,
    zh: '只有异地长期居住备案或转诊转院备案人员可办理再转诊，请按普通转诊办理。',
    en: 'Only persons with a LONG_TERM or REFERRAL filing may be re-referred; file an ordinary referral instead.',
  },
  FILING_RE_REFERRAL_HOSPITAL_REQUIRED: {
    category: 'VALIDATION', status: 400,
    zh: '由医院办理再转诊时须注明办理医院编号（hospitalId）。',
    en: 'A re-referral through a hospital needs the hospital id (hospitalId).',
  },
  FILING_RE_REFERRAL_HOSPITAL_NO_RIGHTS: {
    category: 'POLICY', status: 422,
    zh: '该医院不具备再转诊权限，请由参保人向参保地经办机构申请再转诊（via=INSURED_AGENCY）。',
    en: 'This hospital has no referral rights; the person should apply through the insured-region agency (via=INSURED_AGENCY).',
  },
  FILING_RE_REFERRAL_HOSPITAL_OUTSIDE_REGION: {
    category: 'POLICY', status: 422,
    zh: '办理再转诊的医院不在原备案的就医地，请由原就医地具有转诊权的医院或参保地经办机构办理。',
    en: "The hospital is outside the original filing's treatment region; use a hospital with referral rights there or the insured-region agency.",
  },
  FILING_RE_REFERRAL_SAME_REGION_COVERED: {
    category: 'POLICY', status: 422,
    zh: '异地长期居住备案已覆盖该就医地所有联网定点医院，无需在同一就医地再转诊。',
    en: 'The long-term filing already covers every networked hospital of this treatment region; no re-referral is needed there.',
  },
  FILING_HOSPITAL_UNKNOWN: {
    category: 'VALIDATION', status: 400,
    zh: '医院编号不存在，请核对定点医疗机构编号。',
    en: 'No hospital has this id; check the designated-hospital id.',
  },
});
