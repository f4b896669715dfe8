// The signed-in layout: the menu of what the key's role may do, who is signed in and for which
// region, the language, sign-out.
import {
  AlertOutlined,
  ApartmentOutlined,
  AuditOutlined,
  BankOutlined,
  DollarOutlined,
  FileAddOutlined,
  FileSearchOutlined,
  InboxOutlined,
  KeyOutlined,
  LineChartOutlined,
  LogoutOutlined,
  MedicineBoxOutlined,
  RollbackOutlined,
  SettingOutlined,
  TransactionOutlined,
} from '@ant-design/icons';
import { Button, Layout, Menu, Radio, Space, Tag, Typography } from 'antd';
import type { ReactNode } from 'react';
import { Link, Navigate, Route, Routes, useLocation } from 'react-router';
import { useLabel, useT, type Lang } from './i18n';
import { useSession, type Role } from './session';
import { PersonSearch } from './pages/clerk/PersonSearch';
import { FilingNew } from './pages/filing/FilingNew';
import { FilingCase } from './pages/filing/FilingCase';
import { Settlements } from './pages/settlement/Settlements';
import { SettlementCase } from './pages/settlement/SettlementCase';
import { Counter } from './pages/settlement/Counter';
import { Inquiries } from './pages/inquiry/Inquiries';
import { InquiryCase } from './pages/inquiry/InquiryCase';
import { Recoveries } from './pages/recovery/Recoveries';
import { RecoveryCase } from './pages/recovery/RecoveryCase';
import { RecoveryNew } from './pages/recovery/RecoveryNew';
import { Registry } from './pages/registry/Registry';
import { Clearings } from './pages/clearing/Clearings';
import { ClearingCase } from './pages/clearing/ClearingCase';
import { Numbers } from './pages/numbers/Numbers';
import { Keys } from './pages/admin/Keys';
import { SystemPage } from './pages/admin/System';

interface NavItem {
  path: string;
  zh: string;
  en: string;
  icon: ReactNode;
  roles: readonly Role[];
}

const CLERK = 'INSURED_CLERK';
const AGENCY = 'TREATMENT_AGENCY';
const HOSPITAL = 'HOSPITAL';
const ADMIN = 'ADMIN';

export const NAV: NavItem[] = [
  { path: '/inbox', zh: '待办收件箱', en: 'Inbox', icon: <InboxOutlined />, roles: [AGENCY] },
  { path: '/counter', zh: '结算窗口', en: 'Counter', icon: <MedicineBoxOutlined />, roles: [HOSPITAL] },
  { path: '/admin/keys', zh: '密钥管理', en: 'API keys', icon: <KeyOutlined />, roles: [ADMIN] },
  { path: '/persons', zh: '参保人备案查询', en: 'Person search', icon: <FileSearchOutlined />, roles: [CLERK, AGENCY, ADMIN] },
  { path: '/filings/new', zh: '办理备案', en: 'New filing', icon: <FileAddOutlined />, roles: [CLERK] },
  { path: '/settlements', zh: '结算记录', en: 'Settlements', icon: <TransactionOutlined />, roles: [CLERK, AGENCY, HOSPITAL, ADMIN] },
  { path: '/reimbursements/new', zh: '手工报销', en: 'Reimbursement', icon: <DollarOutlined />, roles: [CLERK] },
  { path: '/inquiries', zh: '协查与协同', en: 'Inquiries', icon: <AuditOutlined />, roles: [CLERK, ADMIN] },
  { path: '/recoveries', zh: '基金追回', en: 'Recoveries', icon: <RollbackOutlined />, roles: [CLERK, ADMIN] },
  { path: '/registry', zh: '定点机构', en: 'Institutions', icon: <ApartmentOutlined />, roles: [AGENCY, ADMIN, CLERK] },
  { path: '/clearings', zh: '清算', en: 'Clearing', icon: <BankOutlined />, roles: [CLERK, AGENCY, ADMIN] },
  { path: '/numbers', zh: '监测与统计', en: 'Numbers', icon: <LineChartOutlined />, roles: [CLERK, AGENCY, HOSPITAL, ADMIN] },
  { path: '/admin/system', zh: '系统与时钟', en: 'System', icon: <SettingOutlined />, roles: [ADMIN] },
];

export const LANDING: Record<Role, string> = {
  INSURED_CLERK: '/persons',
  TREATMENT_AGENCY: '/inbox',
  HOSPITAL: '/counter',
  ADMIN: '/admin/keys',
};

function Forbidden() {
  const t = useT();
  return <Typography.Paragraph>{t('您的角色不能使用此页面。', 'Your role cannot use this page.')}</Typography.Paragraph>;
}

export function Shell() {
  const { me, lang, setLang, signOut } = useSession();
  const t = useT();
  const label = useLabel();
  const location = useLocation();
  const items = NAV.filter((item) => item.roles.includes(me.role));
  const selected = items
    .map((i) => i.path)
    .filter((p) => location.pathname === p || location.pathname.startsWith(`${p}/`))
    .sort((a, b) => b.length - a.length)[0];
  const allow = (roles: readonly Role[], element: ReactNode) => (roles.includes(me.role) ? element : <Forbidden />);

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Sider width={200} theme="light" breakpoint="lg" collapsedWidth={56} style={{ borderRight: '1px solid #eee' }}>
        <div style={{ padding: '14px 16px', fontWeight: 600, color: '#1d5fa8' }}>{t('异地就医结算', 'Cross-region')}</div>
        <nav aria-label={t('主菜单', 'Main menu')}>
          <Menu
            mode="inline"
            selectedKeys={selected ? [selected] : []}
            items={items.map((item) => ({
              key: item.path,
              icon: item.icon,
              label: <Link to={item.path}>{lang === 'zh' ? item.zh : item.en}</Link>,
            }))}
          />
        </nav>
      </Layout.Sider>
      <Layout>
        <Layout.Header
          style={{
            background: '#fff',
            padding: '0 20px',
            display: 'flex',
            alignItems: 'center',
            justifyContent: 'space-between',
            borderBottom: '1px solid #eee',
          }}
        >
          <Space size="middle" data-testid="whoami">
            <AlertOutlined aria-hidden style={{ color: '#1d5fa8' }} />
            <Tag color="blue">{label(me.role)}</Tag>
            <span>
              {t('地区', 'Region')} <strong>{me.region ?? t('全部', 'all')}</strong>
            </span>
            {me.hospitalId ? (
              <span>
                {t('机构', 'Institution')} <strong>{me.hospitalId}</strong>
              </span>
            ) : null}
            <Typography.Text type="secondary">{me.agencyId}</Typography.Text>
          </Space>
          <Space>
            <Radio.Group
              aria-label={t('语言', 'Language')}
              size="small"
              value={lang}
              optionType="button"
              onChange={(e) => setLang(e.target.value as Lang)}
              options={[
                { value: 'zh', label: '中文' },
                { value: 'en', label: 'EN' },
              ]}
            />
            <Button icon={<LogoutOutlined />} onClick={signOut}>
              {t('退出', 'Sign out')}
            </Button>
          </Space>
        </Layout.Header>
        <Layout.Content style={{ padding: 20, overflow: 'auto' }}>
          <main>
            <Routes>
              <Route path="/" element={<Navigate to={LANDING[me.role]} replace />} />
              <Route path="/signin" element={<Navigate to={LANDING[me.role]} replace />} />
              <Route path="/inbox" element={allow([AGENCY], <Inquiries inbox />)} />
              <Route path="/persons" element={allow([CLERK, AGENCY, ADMIN], <PersonSearch />)} />
              <Route path="/filings/new" element={allow([CLERK], <FilingNew />)} />
              <Route path="/filings/:id" element={allow([CLERK, AGENCY, HOSPITAL, ADMIN], <FilingCase />)} />
              <Route path="/settlements" element={<Settlements />} />
              <Route path="/settlements/:id" element={<SettlementCase />} />
              <Route path="/counter" element={allow([HOSPITAL], <Counter mode="hospital" />)} />
              <Route path="/reimbursements/new" element={allow([CLERK], <Counter mode="reimbursement" />)} />
              <Route path="/inquiries" element={allow([CLERK, AGENCY, ADMIN], <Inquiries />)} />
              <Route path="/inquiries/:id" element={allow([CLERK, AGENCY, ADMIN], <InquiryCase />)} />
              <Route path="/recoveries" element={allow([CLERK, ADMIN], <Recoveries />)} />
              <Route path="/recoveries/new" element={allow([CLERK, ADMIN], <RecoveryNew />)} />
              <Route path="/recoveries/:id" element={allow([CLERK, ADMIN], <RecoveryCase />)} />
              <Route path="/registry" element={allow([CLERK, AGENCY, ADMIN], <Registry />)} />
              <Route path="/clearings" element={allow([CLERK, AGENCY, ADMIN], <Clearings />)} />
              <Route path="/clearings/:id" element={allow([CLERK, AGENCY, ADMIN], <ClearingCase />)} />
              <Route path="/numbers" element={<Numbers />} />
              <Route path="/admin/keys" element={allow([ADMIN], <Keys />)} />
              <Route path="/admin/system" element={allow([ADMIN], <SystemPage />)} />
              <Route path="*" element={<Typography.Paragraph>{t('没有这个页面。', 'No such page.')}</Typography.Paragraph>} />
            </Routes>
          </main>
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
