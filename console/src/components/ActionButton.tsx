// An action on a case: a button that opens its form; the API's refusal is shown beside the field
// it concerns or above the form's buttons (E-1), and the form keeps what was typed.
import { Button, Form, Modal, type FormInstance } from 'antd';
import { useRef, useState, type ReactNode } from 'react';
import { actionKeys, type ActionKeys, type ApiError } from '../api/client';
import { useLang, useT } from '../i18n';
import { ActionError, clearErrors, placeError, type Placement } from './formErrors';

export function ActionButton<V extends object>({
  label,
  title,
  danger,
  primary,
  children,
  submit,
  onDone,
  initialValues,
  okText,
  placement,
  testId,
}: {
  label: string;
  title?: string;
  danger?: boolean;
  primary?: boolean;
  children: ReactNode | ((form: FormInstance<V>) => ReactNode);
  submit: (values: V, keys: ActionKeys) => Promise<unknown>;
  onDone?: (result: unknown) => void;
  initialValues?: Partial<V>;
  okText?: string;
  placement?: Placement;
  testId?: string;
}) {
  const t = useT();
  const lang = useLang();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [form] = Form.useForm<V>();
  const keys = useRef(actionKeys()).current;

  const run = async (values: V) => {
    setBusy(true);
    setError(null);
    clearErrors(form);
    try {
      const result = await submit(values, keys);
      setOpen(false);
      form.resetFields();
      onDone?.(result);
    } catch (err) {
      setError(placeError(form, err, lang, placement));
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <Button danger={danger} type={primary ? 'primary' : 'default'} onClick={() => setOpen(true)} data-testid={testId}>
        {label}
      </Button>
      <Modal
        open={open}
        title={title ?? label}
        onCancel={() => setOpen(false)}
        okText={okText ?? t('提交', 'Submit')}
        cancelText={t('取消', 'Cancel')}
        okButtonProps={{ danger }}
        confirmLoading={busy}
        onOk={() => form.submit()}
        forceRender
        width={560}
      >
        <ActionError error={error} />
        <Form<V> form={form} layout="vertical" onFinish={(v) => void run(v)} initialValues={initialValues}>
          {typeof children === 'function' ? children(form) : children}
        </Form>
      </Modal>
    </>
  );
}
