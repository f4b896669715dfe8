// What a clerk does on a clearing period (U-1): resolve a reconciliation difference (P-2), report
// why the payment is late (P-3), record the payment (P-2 d, P-4). Each sends its own
// Idempotency-Key and shows the API's refusal beside the field it concerns (U-5).
import { Form, Input, InputNumber } from 'antd';
import { client, unwrap, type Schemas } from '../../api/client';
import { enumOf } from '../../api/contract';
import { ActionButton } from '../../components/ActionButton';
import { DateField, EnumField } from '../../components/fields';
import { fenFromYuan, todayInShanghai } from '../../format';
import { useT } from '../../i18n';
import type { Clearing } from './rateChart';

type Resolution = Schemas['ClearingExceptionResolution'];
type DelayReport = Schemas['ClearingDelayReport'];

export function ResolveAction({
  clearing,
  exception,
  onDone,
}: {
  clearing: Clearing;
  exception: Schemas['ClearingException'];
  onDone: () => void;
}) {
  const t = useT();
  return (
    <ActionButton<{ decision: Resolution['decision']; note: string }>
      testId={`resolve-${exception.id}`}
      label={t('处理', 'Resolve')}
      title={`${t('处理对账差异', 'Resolve exception')} ${exception.id}`}
      submit={(values, keys) => {
        const body: Resolution = { decision: values.decision, note: values.note.trim() };
        return keys.send(body, (key) =>
          unwrap(
            client.POST('/api/v1/clearings/{id}/exceptions/{exceptionId}/resolution', {
              params: { path: { id: clearing.id, exceptionId: exception.id }, header: { 'Idempotency-Key': key } },
              body,
            }),
          ),
        );
      }}
      onDone={onDone}
    >
      <EnumField name="decision" label={t('处理方式', 'Decision')} values={enumOf('ClearingExceptionResolution', ['decision']) ?? []} />
      <Form.Item label={t('说明', 'Note')} name="note" rules={[{ required: true, whitespace: true }]}>
        <Input.TextArea name="note" rows={2} />
      </Form.Item>
    </ActionButton>
  );
}

export function DelayReportAction({ clearing, onDone }: { clearing: Clearing; onDone: () => void }) {
  const t = useT();
  return (
    <ActionButton<DelayReport>
      testId="action-delay-report"
      label={t('延期报告', 'Delay report')}
      title={t('未按期拨付的延期报告（P-3）', 'Delay report (P-3)')}
      submit={(values, keys) => {
        const body: DelayReport = { reason: values.reason.trim(), expectedDate: values.expectedDate };
        return keys.send(body, (key) =>
          unwrap(
            client.POST('/api/v1/clearings/{id}/delay-report', {
              params: { path: { id: clearing.id }, header: { 'Idempotency-Key': key } },
              body,
            }),
          ),
        );
      }}
      onDone={onDone}
    >
      <Form.Item label={t('原因', 'Reason')} name="reason" rules={[{ required: true, whitespace: true }]}>
        <Input.TextArea name="reason" rows={2} />
      </Form.Item>
      <DateField name="expectedDate" label={t('预计拨付日', 'Expected date')} required />
    </ActionButton>
  );
}

interface PaymentForm {
  amountYuan: number;
  paidOn: string;
  bankFeeYuan?: number;
  interestYuan?: number;
}

/** The form is in yuan; the API's fields are in fen, so its refusals are placed on the yuan inputs. */
const yuanField: Record<string, string> = { amountFen: 'amountYuan', bankFeeFen: 'bankFeeYuan', interestFen: 'interestYuan' };

export function PaymentAction({ clearing, onDone }: { clearing: Clearing; onDone: () => void }) {
  const t = useT();
  return (
    <ActionButton<PaymentForm>
      primary
      testId="action-payment"
      label={t('登记拨付', 'Record payment')}
      title={t(
        '登记清算款拨付（P-2，银行手续费计入经办机构管理费用，P-4）',
        'Record the payment (P-2; bank fees go to admin expense, P-4)',
      )}
      initialValues={{ amountYuan: (clearing.statement?.netDueFen ?? 0) / 100, paidOn: todayInShanghai() }}
      placement={{
        alias: (name) => {
          const first = name[0];
          return typeof first === 'string' && first in yuanField ? [yuanField[first]] : name;
        },
      }}
      submit={(values, keys) => {
        const body: Schemas['ClearingPayment'] = {
          amountFen: fenFromYuan(values.amountYuan) ?? 0,
          paidOn: values.paidOn,
          bankFeeFen: fenFromYuan(values.bankFeeYuan) ?? 0,
          interestFen: fenFromYuan(values.interestYuan) ?? 0,
        };
        return keys.send(body, (key) =>
          unwrap(
            client.POST('/api/v1/clearings/{id}/payment', {
              params: { path: { id: clearing.id }, header: { 'Idempotency-Key': key } },
              body,
            }),
          ),
        );
      }}
      onDone={onDone}
    >
      <Form.Item label={t('拨付金额（元，应等于应付净额）', 'Amount (yuan, the net due)')} name="amountYuan" rules={[{ required: true }]}>
        <InputNumber name="amountFen" min={0} precision={2} style={{ width: 200 }} />
      </Form.Item>
      <DateField name="paidOn" label={t('拨付日期', 'Paid on')} required />
      <Form.Item label={t('银行手续费（元）', 'Bank fee (yuan)')} name="bankFeeYuan">
        <InputNumber name="bankFeeFen" min={0} precision={2} style={{ width: 200 }} />
      </Form.Item>
      <Form.Item label={t('预付金利息（元，归就医地）', 'Interest (yuan, to the treatment region)')} name="interestYuan">
        <InputNumber name="interestFen" min={0} precision={2} style={{ width: 200 }} />
      </Form.Item>
    </ActionButton>
  );
}
