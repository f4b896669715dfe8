// S-8: the hospital that made a settlement reverses it, with an Idempotency-Key per action.
import { Form, Input } from 'antd';
import { client, unwrap } from '../api/client';
import { useT } from '../i18n';
import { ActionButton } from './ActionButton';

export function ReverseButton({ settlementId, onDone }: { settlementId: string; onDone: () => void }) {
  const t = useT();
  return (
    <ActionButton<{ reason: string }>
      danger
      label={t('冲正', 'Reverse')}
      title={`${t('冲正结算单', 'Reverse settlement')} ${settlementId}（S-8）`}
      okText={t('确认冲正', 'Reverse')}
      submit={(values, keys) => {
        const body = { reason: values.reason.trim() };
        return keys.send(body, (key) =>
          unwrap(
            client.POST('/api/v1/settlements/{id}/reversal', {
              params: { path: { id: settlementId }, header: { 'Idempotency-Key': key } },
              body,
            }),
          ),
        );
      }}
      onDone={onDone}
    >
      <Form.Item label={t('冲正原因', 'Reason')} name="reason" rules={[{ required: true, whitespace: true }]}>
        <Input.TextArea
          name="reason"
          rows={2}
          maxLength={500}
          placeholder={t('如：单据录入错误、患者离院', 'e.g. wrong bill, patient left')}
        />
      </Form.Item>
    </ActionButton>
  );
}
