// Form fields used by several forms. Every input has a visible label and carries the API field's
// name (name="proof.kind"), so what a person types maps one-to-one onto the contract.
import { Form, Input, Radio } from 'antd';
import { enumOf } from '../api/contract';
import type { Rule } from 'antd/es/form';
import { personIdProblem } from '../format';
import { useOptions, useSchemeLabel, useT } from '../i18n';

type Name = string | (string | number)[];

const dotted = (name: Name) => (Array.isArray(name) ? name.join('.') : name);

export function PersonIdField({ name = 'personId', label, required = true }: { name?: Name; label?: string; required?: boolean }) {
  const t = useT();
  const rules: Rule[] = [
    { required, message: t('请输入身份证号', 'Enter the ID number') },
    {
      validator: async (_r, value?: string) => {
        if (!value) return;
        const problem = personIdProblem(value.trim());
        if (problem === 'length') throw new Error(t('身份证号为 18 位，末位可为 X', 'An ID number has 18 characters; the last may be X'));
        if (problem === 'check')
          throw new Error(t('身份证号校验位不正确（GB 11643），请核对', 'Wrong check character (GB 11643); check the number'));
      },
    },
  ];
  return (
    <Form.Item label={label ?? t('身份证号', 'ID number')} name={name} rules={rules} normalize={(v: string) => v?.toUpperCase()}>
      <Input name={dotted(name)} maxLength={18} autoComplete="off" />
    </Form.Item>
  );
}

export function RegionField({
  name,
  label,
  required = true,
  disabled,
}: {
  name: Name;
  label: string;
  required?: boolean;
  disabled?: boolean;
}) {
  const t = useT();
  return (
    <Form.Item
      label={label}
      name={name}
      rules={[
        { required, message: t('请输入 6 位区划编码', 'Enter a 6-digit region code') },
        { pattern: /^\d{6}$/, message: t('区划编码为 6 位数字，如 440800', 'A region code has 6 digits, e.g. 440800') },
      ]}
    >
      <Input name={dotted(name)} maxLength={6} inputMode="numeric" disabled={disabled} style={{ maxWidth: 160 }} />
    </Form.Item>
  );
}

export function DateField({ name, label, required, extra }: { name: Name; label: string; required?: boolean; extra?: string }) {
  const t = useT();
  return (
    <Form.Item
      label={label}
      name={name}
      extra={extra}
      rules={required ? [{ required: true, message: t('请选择日期', 'Choose a date') }] : []}
    >
      <Input type="date" name={dotted(name)} style={{ maxWidth: 180 }} />
    </Form.Item>
  );
}

export function EnumField({
  name,
  label,
  values,
  required = true,
}: {
  name: Name;
  label: string;
  values: readonly string[];
  required?: boolean;
}) {
  const t = useT();
  const options = useOptions();
  return (
    <Form.Item label={label} name={name} rules={required ? [{ required: true, message: t('请选择', 'Choose one') }] : []}>
      <Radio.Group name={dotted(name)} options={options(values)} />
    </Form.Item>
  );
}

export function SchemeField({ name = 'scheme' }: { name?: Name }) {
  const t = useT();
  const scheme = useSchemeLabel();
  return (
    <Form.Item label={t('险种', 'Scheme')} name={name} rules={[{ required: true, message: t('请选择险种', 'Choose the scheme') }]}>
      <Radio.Group name={dotted(name)} options={['EMPLOYEE', 'RESIDENT'].map((value) => ({ value, label: scheme(value) }))} />
    </Form.Item>
  );
}

/** Drops empty strings and empty objects, so an untouched optional field is not sent. */
export function compact<T>(value: T): T {
  if (Array.isArray(value)) return value.map(compact) as T;
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      const c = compact(v);
      if (c === undefined || c === null || c === '') continue;
      if (typeof c === 'object' && !Array.isArray(c) && Object.keys(c).length === 0) continue;
      out[k] = c;
    }
    return out as T;
  }
  return (typeof value === 'string' ? value.trim() : value) as T;
}

/**
 * The proof document (F-1): a choice of the kinds the contract lists, or free text where the
 * contract takes any document name.
 */
export function ProofKindField({ required, schema = 'FilingRequest' }: { required?: boolean; schema?: string }) {
  const t = useT();
  const options = useOptions();
  const kinds = enumOf(schema, ['proof', 'kind']);
  const rules: Rule[] = required ? [{ required: true, whitespace: true, message: t('请选择或填写材料', 'Give the document') }] : [];
  return (
    <Form.Item
      label={t('材料', 'Document')}
      name={['proof', 'kind']}
      rules={rules}
      extra={kinds ? undefined : t('如 居住证、户口簿、工作证明', 'e.g. 居住证, 户口簿, 工作证明')}
    >
      {kinds ? <Radio.Group name="proof.kind" options={options(kinds)} /> : <Input name="proof.kind" maxLength={100} />}
    </Form.Item>
  );
}
