// Sign-in with an API key. The key is kept in sessionStorage only: closing the tab signs out.
import { Button, Card, Form, Input, Radio, Typography } from 'antd';
import { useState } from 'react';
import { ActionError, placeError } from '../components/formErrors';
import type { ApiError } from '../api/client';
import { LangContext, type Lang } from '../i18n';

export function SignIn({ onSignIn, lang, setLang }: { onSignIn: (key: string) => Promise<void>; lang: Lang; setLang: (l: Lang) => void }) {
  const [form] = Form.useForm<{ apiKey: string }>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const t = (zh: string, en: string) => (lang === 'zh' ? zh : en);

  const submit = async ({ apiKey }: { apiKey: string }) => {
    setBusy(true);
    setError(null);
    try {
      await onSignIn(apiKey.trim());
    } catch (err) {
      // AUTH_INVALID / AUTH_MISSING concern the key itself: shown beside it.
      const unplaced = placeError(form, err, lang);
      if (unplaced) {
        if (unplaced.body.category === 'AUTH') form.setFields([{ name: 'apiKey', errors: [unplaced.body.message[lang]] }]);
        else setError(unplaced);
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <LangContext.Provider value={lang}>
      <main style={{ minHeight: '100vh', display: 'flex', alignItems: 'center', justifyContent: 'center', background: '#f0f2f5' }}>
        <Card style={{ width: 440 }}>
          <Typography.Title level={3} style={{ marginTop: 0 }}>
            {t('异地就医直接结算 · 经办控制台', 'Cross-region settlement console')}
          </Typography.Title>
          <Typography.Paragraph type="secondary">
            {t(
              '使用本机构的 API 密钥登录。密钥只保存在当前浏览器标签页中，关闭即退出。',
              "Sign in with your agency's API key. It is kept in this browser tab only; closing it signs you out.",
            )}
          </Typography.Paragraph>
          <ActionError error={error} />
          <Form form={form} layout="vertical" onFinish={(v) => void submit(v)} requiredMark={false}>
            <Form.Item
              label={t('API 密钥', 'API key')}
              name="apiKey"
              rules={[{ required: true, whitespace: true, message: t('请输入 API 密钥', 'Enter the API key') }]}
            >
              <Input.Password name="apiKey" autoComplete="off" autoFocus />
            </Form.Item>
            <Button type="primary" htmlType="submit" loading={busy} block>
              {t('登录', 'Sign in')}
            </Button>
          </Form>
          <div style={{ marginTop: 16, display: 'flex', justifyContent: 'space-between', alignItems: 'center' }}>
            <Radio.Group
              aria-label={t('语言', 'Language')}
              size="small"
              value={lang}
              onChange={(e) => setLang(e.target.value as Lang)}
              options={[
                { value: 'zh', label: '中文' },
                { value: 'en', label: 'English' },
              ]}
              optionType="button"
            />
            <Typography.Link href="/docs" target="_blank">
              {t('接口文档', 'API contract')}
            </Typography.Link>
          </div>
        </Card>
      </main>
    </LangContext.Provider>
  );
}
