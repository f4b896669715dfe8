// U-3: the hospital counter quotes and submits a bill (lines edited as a table) and sees the
// breakdown with its rule trace (S-6). The same form serves a clerk's manual reimbursement
// (F-5, S-4). Money writes carry an Idempotency-Key per action, reused when the same bill is sent
// again after a failure (S-5).
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Card, Checkbox, Col, Form, Input, InputNumber, Radio, Row, Space, Table, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useNavigate } from 'react-router';
import { actionKeys, client, unwrap, type ApiError, type Schemas } from '../../api/client';
import { Breakdown } from '../../components/Breakdown';
import { DateField, EnumField, PersonIdField, RegionField, SchemeField, compact } from '../../components/fields';
import { ActionError, clearErrors, placeError, type Placement } from '../../components/formErrors';
import { fenFromYuan, todayInShanghai, yuan } from '../../format';
import { useLang, useT } from '../../i18n';
import { useSession } from '../../session';

type Settlement = Schemas['Settlement'];
type SettlementRequest = Schemas['SettlementRequest'];

interface LineForm {
  code: string;
  name: string;
  class: 'A' | 'B' | 'SELF';
  amountYuan: number;
  selfSharePercent?: number;
}

interface BillForm {
  personId: string;
  scheme: SettlementRequest['scheme'];
  personCategory: SettlementRequest['personCategory'];
  insuredRegion: string;
  treatmentRegion: string;
  hospitalId: string;
  hospitalLevel: 1 | 2 | 3;
  visitType: SettlementRequest['visitType'];
  admissionDate: string;
  dischargeDate?: string;
  emergency?: boolean;
  referredBy?: string;
  injury?: boolean;
  statementSigned?: boolean;
  ownFault?: boolean;
  lines: LineForm[];
}

/** The API's names for the bill's money fields are typed in yuan here. */
const placement: Placement = {
  alias: (name) => {
    if (name[0] === 'lines' && name[2] === 'amountFen') return ['lines', name[1], 'amountYuan'];
    if (name[0] === 'nonThirdPartyInjury') return ['statementSigned'];
    return name;
  },
};

function toRequest(v: BillForm): SettlementRequest {
  return compact({
    personId: v.personId,
    scheme: v.scheme,
    personCategory: v.personCategory,
    insuredRegion: v.insuredRegion,
    treatmentRegion: v.treatmentRegion,
    hospitalId: v.hospitalId,
    hospitalLevel: v.hospitalLevel,
    visitType: v.visitType,
    admissionDate: v.admissionDate,
    dischargeDate: v.dischargeDate,
    emergency: v.emergency ? true : undefined,
    referredBy: v.referredBy,
    nonThirdPartyInjury: v.injury ? { statementSigned: Boolean(v.statementSigned) } : undefined,
    lines: (v.lines ?? []).map((l) => ({
      code: l.code,
      name: l.name,
      class: l.class,
      amountFen: fenFromYuan(l.amountYuan) as number,
      selfSharePercent: l.class === 'B' ? l.selfSharePercent : undefined,
    })),
  }) as SettlementRequest;
}

export function Counter({ mode }: { mode: 'hospital' | 'reimbursement' }) {
  const t = useT();
  const lang = useLang();
  const navigate = useNavigate();
  const { me } = useSession();
  const [form] = Form.useForm<BillForm>();
  const [result, setResult] = useState<Settlement | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState<'quote' | 'submit' | null>(null);
  const [storedBody, setStoredBody] = useState<string | null>(null);
  const keys = useRef(actionKeys()).current;
  const lines = Form.useWatch('lines', form) ?? [];
  const injury = Form.useWatch('injury', form);
  const values = Form.useWatch([], form);
  const hospital = mode === 'hospital';
  const resultBox = useRef<HTMLDivElement>(null);
  // The answer is what the counter came for: bring it into view.
  useEffect(() => {
    if (result) resultBox.current?.scrollIntoView({ block: 'start' });
  }, [result]);

  // The registry's level of the counter's own institution (H-3): prefilled, never guessed.
  useEffect(() => {
    if (!hospital || !me.hospitalId) return;
    unwrap(client.GET('/api/v1/hospitals/{id}', { params: { path: { id: me.hospitalId } } }))
      .then((h) => {
        if (!form.getFieldValue('hospitalLevel')) form.setFieldValue('hospitalLevel', h.level);
      })
      .catch(() => undefined);
  }, [hospital, me.hospitalId, form]);

  const currentBody = values ? JSON.stringify(toRequest({ ...values, lines: values.lines ?? [] })) : '';
  const alreadyStored = storedBody !== null && storedBody === currentBody;

  const run = async (action: 'quote' | 'submit') => {
    let v: BillForm;
    try {
      v = await form.validateFields();
    } catch {
      return; // the fields say what is missing
    }
    const body = toRequest(v);
    setBusy(action);
    setError(null);
    clearErrors(form);
    try {
      let settlement: Settlement;
      if (action === 'quote') {
        settlement = await unwrap(client.POST('/api/v1/settlements/quote', { body }));
      } else if (hospital) {
        settlement = await keys.send(body, (key) =>
          unwrap(client.POST('/api/v1/settlements', { body, params: { header: { 'Idempotency-Key': key } } })),
        );
        setStoredBody(JSON.stringify(body));
      } else {
        const reimbursement = { ...body, ownFault: Boolean(v.ownFault) };
        settlement = await keys.send(reimbursement, (key) =>
          unwrap(client.POST('/api/v1/reimbursements', { body: reimbursement, params: { header: { 'Idempotency-Key': key } } })),
        );
        setStoredBody(JSON.stringify(body));
      }
      setResult(settlement);
    } catch (err) {
      setResult(null);
      setError(placeError(form, err, lang, placement));
    } finally {
      setBusy(null);
    }
  };

  const total = lines.reduce((sum, l) => sum + (fenFromYuan(l?.amountYuan) ?? 0), 0);
  const today = todayInShanghai();

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Card>
        <Typography.Title level={4} style={{ marginTop: 0 }}>
          {hospital ? t('异地就医直接结算', 'Direct settlement at the counter') : t('手工报销（参保地）', 'Manual reimbursement')}
        </Typography.Title>
        <Form<BillForm>
          form={form}
          layout="vertical"
          aria-label={t('费用单据', 'Bill')}
          initialValues={{
            scheme: 'EMPLOYEE',
            personCategory: 'IN_SERVICE',
            visitType: 'INPATIENT',
            insuredRegion: hospital ? '' : (me.region ?? ''),
            treatmentRegion: hospital ? (me.region ?? '') : '',
            hospitalId: me.hospitalId ?? '',
            admissionDate: today,
            dischargeDate: today,
            lines: [{ code: '', name: '', class: 'A', amountYuan: undefined as unknown as number }],
          }}
        >
          <Row gutter={16}>
            <Col xs={24} md={6}>
              <PersonIdField />
            </Col>
            <Col xs={24} md={6}>
              <SchemeField />
            </Col>
            <Col xs={24} md={6}>
              <EnumField name="personCategory" label={t('人员类别', 'Category')} values={['IN_SERVICE', 'RETIRED']} />
            </Col>
            <Col xs={24} md={6}>
              <EnumField name="visitType" label={t('就诊类型', 'Visit type')} values={['INPATIENT', 'OUTPATIENT', 'CHRONIC']} />
            </Col>
          </Row>
          <Row gutter={16}>
            <Col xs={12} md={4}>
              <RegionField name="insuredRegion" label={t('参保地', 'Insured region')} />
            </Col>
            <Col xs={12} md={4}>
              <RegionField name="treatmentRegion" label={t('就医地', 'Treatment region')} disabled={hospital} />
            </Col>
            <Col xs={12} md={4}>
              <Form.Item label={t('医疗机构', 'Institution')} name="hospitalId" rules={[{ required: true, whitespace: true }]}>
                <Input name="hospitalId" disabled={hospital} />
              </Form.Item>
            </Col>
            <Col xs={12} md={4}>
              <Form.Item
                label={t('医院等级', 'Level')}
                name="hospitalLevel"
                rules={[{ required: true, message: t('请选择等级', 'Choose the level') }]}
              >
                <Radio.Group
                  name="hospitalLevel"
                  options={[1, 2, 3].map((n) => ({ value: n, label: t(`${n}级`, `${n}`) }))}
                  optionType="button"
                />
              </Form.Item>
            </Col>
            <Col xs={12} md={4}>
              <DateField name="admissionDate" label={t('入院/就诊日期', 'Admission')} required />
            </Col>
            <Col xs={12} md={4}>
              <DateField name="dischargeDate" label={t('出院日期', 'Discharge')} />
            </Col>
          </Row>
          <Row gutter={16}>
            <Col xs={24} md={6}>
              <Form.Item name="emergency" valuePropName="checked" label={t('急诊', 'Emergency')}>
                <Checkbox name="emergency">{t('急诊抢救（F-3）', 'Emergency rescue (F-3)')}</Checkbox>
              </Form.Item>
            </Col>
            <Col xs={24} md={6}>
              <Form.Item label={t('转诊医院（如有）', 'Referred by (if any)')} name="referredBy">
                <Input name="referredBy" placeholder="H440800001" />
              </Form.Item>
            </Col>
            <Col xs={24} md={6}>
              <Form.Item name="injury" valuePropName="checked" label={t('外伤', 'Injury')}>
                <Checkbox name="nonThirdPartyInjury">{t('无第三方责任外伤（S-7）', 'Non-third-party injury (S-7)')}</Checkbox>
              </Form.Item>
            </Col>
            {injury ? (
              <Col xs={24} md={6}>
                <Form.Item name="statementSigned" valuePropName="checked" label={t('承诺书', 'Statement')}>
                  <Checkbox name="nonThirdPartyInjury.statementSigned">{t('参保人已签署承诺书', 'Statement signed')}</Checkbox>
                </Form.Item>
              </Col>
            ) : null}
            {!hospital ? (
              <Col xs={24} md={6}>
                <Form.Item name="ownFault" valuePropName="checked" label={t('未直接结算原因', 'Why not settled directly')}>
                  <Checkbox name="ownFault">{t('本人原因（S-4）', 'Own fault (S-4)')}</Checkbox>
                </Form.Item>
              </Col>
            ) : null}
          </Row>
          <Typography.Title level={5}>
            {t('费用明细', 'Bill lines')} · {t('合计', 'total')} {yuan(total)} {t('元', 'yuan')}
          </Typography.Title>
          <Form.List name="lines">
            {(fields, { add, remove }) => (
              <>
                <Table
                  size="small"
                  aria-label={t('费用明细', 'Bill lines')}
                  pagination={false}
                  dataSource={fields}
                  rowKey="key"
                  columns={[
                    {
                      key: 'code',
                      title: t('项目编码', 'Code'),
                      width: 130,
                      render: (_: unknown, field: { name: number }) => (
                        <Form.Item
                          name={[field.name, 'code']}
                          rules={[{ required: true, whitespace: true, message: t('必填', 'required') }]}
                          style={{ margin: 0 }}
                        >
                          <Input
                            name={`lines.${field.name}.code`}
                            aria-label={`${t('第', 'Line ')}${field.name + 1}${t('行 项目编码', ' code')}`}
                          />
                        </Form.Item>
                      ),
                    },
                    {
                      key: 'name',
                      title: t('项目名称', 'Name'),
                      render: (_: unknown, field: { name: number }) => (
                        <Form.Item
                          name={[field.name, 'name']}
                          rules={[{ required: true, whitespace: true, message: t('必填', 'required') }]}
                          style={{ margin: 0 }}
                        >
                          <Input
                            name={`lines.${field.name}.name`}
                            aria-label={`${t('第', 'Line ')}${field.name + 1}${t('行 项目名称', ' name')}`}
                          />
                        </Form.Item>
                      ),
                    },
                    {
                      key: 'class',
                      title: t('目录类别', 'Class'),
                      width: 190,
                      render: (_: unknown, field: { name: number }) => (
                        <Form.Item name={[field.name, 'class']} style={{ margin: 0 }}>
                          <Radio.Group
                            name={`lines.${field.name}.class`}
                            aria-label={`${t('第', 'Line ')}${field.name + 1}${t('行 目录类别', ' class')}`}
                            optionType="button"
                            size="small"
                            options={[
                              { value: 'A', label: t('甲', 'A') },
                              { value: 'B', label: t('乙', 'B') },
                              { value: 'SELF', label: t('自费', 'Self') },
                            ]}
                          />
                        </Form.Item>
                      ),
                    },
                    {
                      key: 'amount',
                      title: t('金额(元)', 'Amount (yuan)'),
                      width: 150,
                      render: (_: unknown, field: { name: number }) => (
                        <Form.Item
                          name={[field.name, 'amountYuan']}
                          rules={[{ required: true, message: t('必填', 'required') }]}
                          style={{ margin: 0 }}
                        >
                          <InputNumber
                            name={`lines.${field.name}.amountYuan`}
                            aria-label={`${t('第', 'Line ')}${field.name + 1}${t('行 金额（元）', ' amount (yuan)')}`}
                            min={0}
                            precision={2}
                            style={{ width: '100%' }}
                          />
                        </Form.Item>
                      ),
                    },
                    {
                      key: 'selfShare',
                      title: t('乙类自付比例(%)', 'B self share (%)'),
                      width: 140,
                      render: (_: unknown, field: { name: number }) =>
                        lines[field.name]?.class === 'B' ? (
                          <Form.Item
                            name={[field.name, 'selfSharePercent']}
                            rules={[{ required: true, message: t('乙类必填', 'required for B') }]}
                            style={{ margin: 0 }}
                          >
                            <InputNumber
                              name={`lines.${field.name}.selfSharePercent`}
                              aria-label={`${t('第', 'Line ')}${field.name + 1}${t('行 乙类自付比例', ' self share')}`}
                              min={0}
                              max={100}
                              style={{ width: '100%' }}
                            />
                          </Form.Item>
                        ) : (
                          '—'
                        ),
                    },
                    {
                      key: 'remove',
                      title: '',
                      width: 48,
                      render: (_: unknown, field: { name: number }) => (
                        <Button
                          aria-label={`${t('删除第', 'Remove line ')}${field.name + 1}${t('行', '')}`}
                          icon={<DeleteOutlined />}
                          disabled={fields.length === 1}
                          onClick={() => remove(field.name)}
                        />
                      ),
                    },
                  ]}
                />
                <Button style={{ marginTop: 8 }} icon={<PlusOutlined />} onClick={() => add({ code: '', name: '', class: 'A' })}>
                  {t('添加一行', 'Add a line')}
                </Button>
              </>
            )}
          </Form.List>
          <div style={{ marginTop: 16 }}>
            <ActionError error={error} />
            <Space>
              <Button onClick={() => void run('quote')} loading={busy === 'quote'} data-testid="quote">
                {t('试算', 'Quote')}
              </Button>
              <Button
                type="primary"
                onClick={() => void run('submit')}
                loading={busy === 'submit'}
                disabled={alreadyStored}
                data-testid="submit"
              >
                {hospital ? t('确认结算', 'Settle') : t('提交报销', 'Reimburse')}
              </Button>
              {result?.stored && result.id ? (
                <Button onClick={() => void navigate(`/settlements/${result.id}`)}>{t('查看结算单', 'Open settlement')}</Button>
              ) : null}
              {alreadyStored ? (
                <Button
                  onClick={() => {
                    form.resetFields();
                    setResult(null);
                    setStoredBody(null);
                  }}
                >
                  {t('下一张单据', 'Next bill')}
                </Button>
              ) : null}
            </Space>
          </div>
        </Form>
      </Card>
      <div ref={resultBox}>{result ? <Breakdown settlement={result} /> : null}</div>
    </Space>
  );
}
