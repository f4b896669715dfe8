// U-5 / E-1: a rejection is shown in the user's language next to the field it concerns, and
// nothing typed is lost (only the fields' errors are set, never their values). Failing fields come
// from details.fields (VALIDATION: paths such as body.proof.kind or body.lines.0.amountFen) or, for
// a rule's refusal, from the field the rule is about (the table below). What cannot be placed on a
// field of the form is shown beside the action, above its button.
import { Alert, type FormInstance } from 'antd';
import type { NamePath } from 'antd/es/form/interface';
import { ApiError } from '../api/client';
import { useLang, useT } from '../i18n';

type Name = (string | number)[];

/** The field a rule's refusal concerns, per catalogue code (first one present in the form wins). */
const FIELD_OF_CODE: Record<string, Name[]> = {
  FILING_SAME_REGION: [['treatmentRegion']],
  FILING_REGION_UNKNOWN: [['insuredRegion']],
  FILING_SUBTYPE_REQUIRED: [['subtype']],
  FILING_SUBTYPE_NOT_APPLICABLE: [['subtype']],
  FILING_WORKING_EMPLOYEES_ONLY: [['subtype']],
  FILING_SUBTYPE_SCHEME_NOT_ALLOWED: [['scheme']],
  FILING_PROOF_REQUIRED: [['proof', 'kind']],
  FILING_PROOF_EXPIRED: [['proof', 'validUntil']],
  FILING_REFERRAL_CERTIFICATE_REQUIRED: [['referral', 'certificateNo'], ['certificateNo']],
  FILING_COMMITMENT_NOT_ALLOWED_FOR_TYPE: [['commitment']],
  FILING_COMMITMENT_NOT_NEEDED: [['commitment']],
  FILING_COMMITMENT_BARRED: [['commitment']],
  FILING_EMERGENCY_NEEDS_NO_FILING: [['type']],
  FILING_ACTIVE_EXISTS: [['personId']],
  FILING_ADMISSION_BEFORE_VALIDITY: [['admissionDate']],
  FILING_RETRO_TOO_EARLY: [['startDate']],
  FILING_RETRO_RESIDENCE_DATE_REQUIRED: [['proof', 'residentSince']],
  FILING_RETRO_RESIDENCE_AFTER_ADMISSION: [['proof', 'residentSince']],
  FILING_HOSPITAL_UNKNOWN: [['fromHospital'], ['referral', 'fromHospital']],
  FILING_RE_REFERRAL_HOSPITAL_REQUIRED: [['fromHospital']],
  FILING_RE_REFERRAL_HOSPITAL_NO_RIGHTS: [['fromHospital']],
  FILING_RE_REFERRAL_HOSPITAL_OUTSIDE_REGION: [['treatmentRegion'], ['fromHospital']],
  FILING_RE_REFERRAL_SAME_REGION_COVERED: [['treatmentRegion']],
  FILING_SELF_SERVICE_ONLINE_CANCEL: [['requestedOnlineByPerson']],
  PERSON_NUMBER_IN_USE: [['newPersonId']],
  PERSON_NUMBER_UNCHANGED: [['newPersonId']],
  AUTH_FORBIDDEN_INSTITUTION: [['hospitalId']],
  SETTLEMENT_HOSPITAL_UNKNOWN: [['hospitalId']],
  SETTLEMENT_HOSPITAL_NOT_IN_REGION: [['hospitalId']],
  SETTLEMENT_HOSPITAL_NOT_NETWORKED: [['hospitalId']],
  SETTLEMENT_HOSPITAL_SUSPENDED: [['hospitalId']],
  SETTLEMENT_HOSPITAL_LEVEL_MISMATCH: [['hospitalLevel']],
  SETTLEMENT_SELF_REFERRAL: [['referredBy']],
  SETTLEMENT_REGION_UNKNOWN: [['insuredRegion']],
  SETTLEMENT_POLICY_REGION_MISMATCH: [['insuredRegion']],
  SETTLEMENT_POLICY_NOT_IN_EFFECT: [['admissionDate']],
  SETTLEMENT_NO_VALID_FILING: [['personId']],
  SETTLEMENT_REIMBURSEMENT_NEEDS_FILING: [['personId']],
  SETTLEMENT_INJURY_STATEMENT_MISSING: [['nonThirdPartyInjury', 'statementSigned']],
  INQUIRY_SETTLEMENT_NOT_FOUND: [['settlementId']],
  INQUIRY_SETTLEMENT_REVERSED: [['settlementId']],
  INQUIRY_SETTLEMENT_HAS_INQUIRY: [['settlementId']],
  INQUIRY_DISALLOWED_AMOUNT_REQUIRED: [['disallowedYuan']],
  INQUIRY_OK_WITH_DISALLOWED_AMOUNT: [['disallowedYuan']],
  INQUIRY_DISALLOWED_EXCEEDS_FUND: [['disallowedYuan']],
  INQUIRY_REASONS_REQUIRED: [['reasons']],
  INQUIRY_FORWARD_TARGET_INVALID: [['toAgencyRegion']],
  RECOVERY_SCHEME_REQUIRED: [['scheme']],
  RECOVERY_SOURCE_NOT_FOUND: [['source', 'id']],
  RECOVERY_SOURCE_NOT_CONFIRMED: [['source', 'id']],
  RECOVERY_SOURCE_NOT_LAPSED: [['source', 'id']],
  RECOVERY_AMOUNT_EXCEEDS_SOURCE: [['amountYuan']],
  CLEARING_EXPECTED_DATE_PAST: [['expectedDate']],
  CLEARING_PAID_ON_INVALID: [['paidOn']],
  CLEARING_PAYMENT_AMOUNT_MISMATCH: [['amountYuan']],
  ADVANCE_TOP_UP_INVALID: [['amountYuan']],
  HOSPITAL_ALREADY_SUSPENDED: [['effectiveDate']],
  HOSPITAL_NOT_SUSPENDED: [['effectiveDate']],
};

/** AUTH_FORBIDDEN_REGION names the region in its details. */
function regionField(details: Record<string, unknown>): Name[] {
  if ('caseInsuredRegion' in details) return [['insuredRegion']];
  if ('billTreatmentRegion' in details) return [['treatmentRegion']];
  return [];
}

/** body.lines.0.amountFen -> ['lines', 0, 'amountFen']; query./params. likewise. */
export function fieldName(path: string): Name {
  return path
    .split('.')
    .slice(1)
    .map((part) => (/^\d+$/.test(part) ? Number(part) : part));
}

export interface Placement {
  /** The form's own name for an API field, e.g. amountFen typed as yuan. */
  alias?: (name: Name) => Name;
}

/**
 * Puts the error's message beside the fields it names; returns what could not be placed (to show
 * beside the action), or null when everything found its field.
 */
export function placeError(form: FormInstance, err: unknown, lang: 'zh' | 'en', placement: Placement = {}): ApiError | null {
  if (!(err instanceof ApiError)) throw err;
  const message = err.body.message[lang];
  const alias = placement.alias ?? ((n: Name) => n);
  const tryPlace = (name: Name, text: string): boolean => {
    const target = alias(name) as NamePath;
    form.setFields([{ name: target, errors: [text] }]);
    return form.getFieldError(target).length > 0;
  };
  const fields = err.fields;
  if (fields.length) {
    let unplaced = 0;
    for (const field of fields) {
      for (const path of field.path.split(', ')) {
        if (!tryPlace(fieldName(path), `${message}（${field.problem}）`)) unplaced += 1;
      }
    }
    return unplaced ? err : null;
  }
  const candidates = err.body.code === 'AUTH_FORBIDDEN_REGION' ? regionField(err.body.details) : (FIELD_OF_CODE[err.body.code] ?? []);
  for (const name of candidates) if (tryPlace(name, message)) return null;
  return err;
}

/** Clears the errors a previous rejection put on the form's fields (values stay). */
export function clearErrors(form: FormInstance): void {
  form.setFields(
    form
      .getFieldsError()
      .filter((f) => f.errors.length)
      .map((f) => ({ name: f.name, errors: [] })),
  );
}

/** A rejection shown beside its action: the catalogue message, its code and what it names. */
export function ActionError({ error, onClose }: { error: ApiError | null; onClose?: () => void }) {
  const lang = useLang();
  const t = useT();
  if (!error) return null;
  const fields = error.fields;
  return (
    <Alert
      type="error"
      role="alert"
      showIcon
      closable={Boolean(onClose)}
      onClose={onClose}
      style={{ marginBottom: 12 }}
      title={error.body.message[lang]}
      description={
        <span style={{ fontSize: 12 }}>
          {error.body.code}
          {fields.length ? ` · ${fields.map((f) => `${f.path}: ${f.problem}`).join('; ')}` : ''}
          {error.body.requestId ? ` · ${t('请求号', 'request')} ${error.body.requestId}` : ''}
        </span>
      }
    />
  );
}
