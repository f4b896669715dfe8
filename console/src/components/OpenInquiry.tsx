// U-1: a clerk opens an expense inquiry or issue collaboration on a stored settlement (I-1).
import { Button, Checkbox, Form, Input, Modal } from 'antd';
import { useRef, useState } from 'react';
import { useNavigate } from 'react-router';
import { actionKeys, client, unwrap, type ApiError } from '../api/client';
import { useLang, useT } from '../i18n';
import { ActionError, clearErrors, placeError } from './formErrors';

interface InquiryForm {
  reason: string;
  suspectedViolation: boolean;
}

export function OpenInquiryButton({ settlementId, size }: { settlementId: string; size?: 'small' | 'middle' }) {
  const t = useT();
  const lang = useLang();
  const navigate = useNavigate();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [form] = Form.useForm<InquiryForm>();
  const keys = useRef(actionKeys()).current;

  const submit = async (values: InquiryForm) => {
    const body = { settlementId, reason: values.reason, suspectedViolation: Boolean(values.suspectedViolation) };
    setBusy(true);
    setError(null);
    clearErrors(form);
    try {
      const inquiry = await keys.send(body, (key) =>
        unwrap(client.POST('/api/v1/inquiries', { body, params: { header: { 'Idempotency-Key': key } } })),
      );
      setOpen(false);
      void navigate(`/inquiries/${inquiry.id}`);
    } catch (err) {
      setError(placeError(form, err, lang));
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <Button size={size} onClick={() => setOpen(true)}>
        {t('发起协查', 'Open inquiry')}
      </Button>
      <Modal
        open={open}
        title={`${t('对结算发起协查/协同', 'Inquiry on settlement')} ${settlementId}`}
        onCancel={() => setOpen(false)}
        okText={t('发起', 'Open')}
        cancelText={t('取消', 'Cancel')}
        confirmLoading={busy}
        onOk={() => form.submit()}
        forceRender
      >
        <ActionError error={error} />
        <Form form={form} layout="vertical" onFinish={(v) => void submit(v)} initialValues={{ suspectedViolation: true }}>
          <Form.Item
            label={t('请就医地核实的事项', 'What the treatment region is asked to check')}
            name="reason"
            rules={[{ required: true, whitespace: true }]}
          >
            <Input.TextArea name="reason" rows={3} maxLength={2000} />
          </Form.Item>
          <Form.Item name="suspectedViolation" valuePropName="checked">
            <Checkbox name="suspectedViolation">
              {t('疑似违规（住院大额按费用协查办理，I-1）', 'Looks non-compliant (large inpatient bills go to expense inquiry, I-1)')}
            </Checkbox>
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
