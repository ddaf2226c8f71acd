// One activity as the server let this caller see it: what, when, where, the buckets (roles) with their
// places and rules, and the caller's own place — 报名 per bucket (the birth year asked when the bucket has
// a minimum age), 候补 with the position, 确认递补 before the offer's deadline, 取消报名 (asked first; after
// the cut-off the button is gone and the reason is said), the 报名码 to show the organiser, 签到 / 签退
// (scan, typed code, or GPS) and the confirmed hours. Grid workers sign residents up (代居民报名);
// organisers get their tools (code, roster, edit, notify, export, finish, cancel).
import Taro, { useRouter } from '@tarojs/taro'
import { Image, View } from '@tarojs/components'
import { useEffect, useState } from 'react'
import type { ActivityView, AttendanceResult, BucketView } from '@shared/contracts/activity'
import { api } from '../../../api/client'
import { toApiError } from '../../../api/errors'
import { Button, Card, Cell, CellGroup, Chips, PageContainer, Sheet, SheetFoot, Skeleton, Tag, TextAreaField, TextField, tappable } from '../../../components'
import { phaseTone, placeTone, timeRange, when } from '../../../components/activity/ActivityItem'
import { gate } from '../../../hooks/gate'
import { useAsync } from '../../../hooks/useAsync'
import { useAuthedSession } from '../../../hooks/session'
import { usePullRefresh } from '../../../hooks/usePullRefresh'
import { useShowRefresh } from '../../../hooks/useShowRefresh'
import { confirmModal, errorOf, type FieldErrors } from '../../../utils/forms'
import { signsUpOthers } from '../../../utils/roles'
import { askSubscribe, loadTemplates } from '../../../utils/subscribe'
import { codeUrl, editUrl, exportRoster, Kv, rosterUrl, run, say } from '../common'
import '../../../components/activity/activity.css'
import '../activity.css'

const LIVE = ['registered', 'waitlisted', 'offered']
type SheetKind = { kind: 'signup'; bucket: BucketView } | { kind: 'proxy' } | { kind: 'cancel' } | { kind: 'notify' }

const signedUp = (v: ActivityView) => (v.my?.place === 'waitlisted' ? `已进入候补，第${v.my.position ?? 1}位` : '报名成功')

export default function ActivityDetail() {
  const session = useAuthedSession()
  const id = useRouter().params?.id ?? ''
  const ready = session.status === 'ready' && !!id
  const res = useAsync(() => api.activity.get({ activityId: id }), [id], ready)
  const [view, setView] = useState<ActivityView | undefined>()
  useEffect(() => setView(res.data), [res.data])
  usePullRefresh(res.reload)
  useShowRefresh(res.reload, ready)
  const [sheet, setSheet] = useState<SheetKind>()
  const [busy, setBusy] = useState(false)
  // The last 签到 / 签退 answer: it stays after 签退 closes the 签到 card, so the person sees it went through.
  const [attended, setAttended] = useState<AttendanceResult>()

  // WeChat asks for a subscribe-message accept only from the tap itself: the template ids come first.
  const [templates, setTemplates] = useState<Awaited<ReturnType<typeof loadTemplates>>>({})
  useEffect(() => {
    void loadTemplates().then(setTemplates)
  }, [])

  async function signup(b: BucketView) {
    if (!view) return
    if (b.minAge > 0) return setSheet({ kind: 'signup', bucket: b })
    askSubscribe(['activityRemind'], templates)
    setBusy(true)
    const v = await run(() => api.activity.signup({ activityId: view.id, bucket: b.key }), signedUp)
    setBusy(false)
    if (v) setView(v)
  }

  async function withdraw() {
    if (!view?.my) return
    const content =
      view.my.place === 'registered'
        ? `取消后名额会让给候补的人；活动开始前${view.cutoffHours}小时内不能再取消。确定取消报名吗？`
        : view.my.place === 'offered'
          ? '放弃后递补名额将顺延给下一位。确定放弃吗？'
          : '取消后将退出候补名单。确定取消吗？'
    if (!(await confirmModal({ title: '取消报名', content, confirmText: '取消报名', danger: true }))) return
    const v = await run(() => api.activity.withdraw({ activityId: view.id }), '已取消报名')
    if (v) setView(v)
  }

  async function confirmPlace() {
    if (!view) return
    const v = await run(() => api.activity.confirmPlace({ activityId: view.id }), '已确认参加')
    if (v) setView(v)
  }

  async function publishDraft() {
    if (!view) return
    if (!(await confirmModal({ title: '发布活动', content: '发布后社区居民即可看到并报名。确定发布吗？', confirmText: '发布' }))) return
    const v = await run(() => api.activity.update({ activityId: view.id, publish: true }), '已发布')
    if (v) setView(v)
  }

  async function finish() {
    if (!view) return
    if (!(await confirmModal({ title: '结束活动', content: '结束后活动归入往期；已确认的时长仍可更正。确定结束吗？', confirmText: '结束活动' }))) return
    const v = await run(() => api.activity.finish({ activityId: view.id }), '活动已结束')
    if (v) setView(v)
  }

  const roles = session.profile?.roles
  return (
    <PageContainer className='act' {...gate(session, ready, res)} hasData={!!view} skeleton={<Skeleton rows={6} />} empty={session.status === 'ready' && !id} emptyProps={{ mark: '活', title: '没有指定活动' }}>
      {view && (
        <View id='activity-detail'>
          <About v={view} />
          {view.my && <Mine v={view} onWithdraw={() => void withdraw()} onConfirm={() => void confirmPlace()} />}
          {attended && (
            <View className='act-result act-result--page' id='activity-result' role='status'>
              {attended.attendance === 'checked_out' ? '签退' : '签到'}成功：{when(attended.at)}
              {attended.late && attended.attendance === 'checked_in' ? '（迟到）' : ''}
            </View>
          )}
          {view.my?.place === 'registered' && (view.allowed.includes('checkin') || view.allowed.includes('checkout')) && (view.my.attendance === 'none' || view.my.attendance === 'checked_in') && (
            <Attend
              v={view}
              onDone={(r) => {
                setAttended(r)
                void res.reload()
              }}
            />
          )}
          <Buckets v={view} busy={busy} onSignup={(b) => void signup(b)} />
          {view.phase === 'published' && signsUpOthers(roles) && (
            <View className='act-actions'>
              <Button block onClick={() => setSheet({ kind: 'proxy' })}>
                代居民报名
              </Button>
            </View>
          )}
          {view.organising && (
            <CellGroup title='组织者工具' className='act-tools'>
              {['closed', 'ongoing', 'ended'].includes(view.phase) && <Cell title='签到码' label='在现场展示，参与者扫码或输入签到' arrow onClick={() => void Taro.navigateTo({ url: codeUrl(view.id) })} />}
              {view.phase !== 'draft' && <Cell title='报名名单与时长' label='签到、标记、确认时长' arrow onClick={() => void Taro.navigateTo({ url: rosterUrl(view.id) })} />}
              {view.allowed.includes('publish') && <Cell title='发布活动' label='草稿发布后居民即可报名' arrow onClick={() => void publishDraft()} />}
              {view.allowed.includes('update') && <Cell title='编辑活动' label='有人报名后不能再改时间' arrow onClick={() => void Taro.navigateTo({ url: editUrl(view.id) })} />}
              {view.allowed.includes('notify') && <Cell title='通知全部报名者' label='发送到报名者的消息' arrow onClick={() => setSheet({ kind: 'notify' })} />}
              {view.phase !== 'draft' && <Cell title='导出名单' label='报名名单与服务时长（Excel）' arrow onClick={() => void exportRoster(view.id)} />}
              {view.allowed.includes('finish') && <Cell title='结束活动' label='时长确认完后结束' arrow onClick={() => void finish()} />}
              {view.allowed.includes('cancel') && <Cell title='取消活动' label='所有报名者都会收到通知和原因' arrow onClick={() => setSheet({ kind: 'cancel' })} />}
            </CellGroup>
          )}
          {sheet && (
            <MoveSheet templates={templates}
              sheet={sheet}
              view={view}
              onClose={() => setSheet(undefined)}
              onDone={(v) => {
                setSheet(undefined)
                if (v) setView(v)
              }}
            />
          )}
        </View>
      )}
    </PageContainer>
  )
}

async function showOnMap(v: ActivityView) {
  try {
    await Taro.openLocation({ latitude: v.place.lat!, longitude: v.place.lng!, name: v.place.name, scale: 16 })
  } catch {
    say(`活动地点：${v.place.name}`, false)
  }
}

function About({ v }: { v: ActivityView }) {
  const point = v.place.lat !== undefined && v.place.lng !== undefined
  return (
    <Card className='act-card' title={v.title} extra={<Tag tone={phaseTone(v.phase)}>{v.phaseLabel}</Tag>}>
      {v.cover && <Image className='act-cover' src={v.cover} mode='aspectFill' nativeProps={{ alt: '活动封面' }} {...tappable('button', '查看活动封面大图')} onClick={() => void Taro.previewImage({ urls: [v.cover!] }).catch(() => undefined)} />}
      <View className='act-tags'>
        <Tag tone='red'>{v.category}</Tag>
        {v.organiser && <Tag tone='gray'>{v.organiser}</Tag>}
      </View>
      {v.phase === 'cancelled' && <View className='act-note act-note--warn'>活动已取消{v.cancelReason ? `：${v.cancelReason}` : ''}</View>}
      <View className='act-desc'>{v.description}</View>
      <Kv k='活动时间' v={timeRange(v.start, v.end)} id='activity-time' />
      <Kv
        k='活动地点'
        v={
          <View>
            {v.place.name}
            {point && (
              <View
                className='act-link'
                role='button'
                onClick={() => void showOnMap(v)}
              >
                查看位置
              </View>
            )}
          </View>
        }
      />
      {v.phase === 'announced' && <Kv k='报名开始' v={when(v.signupStart)} />}
      <Kv k='报名截止' v={when(v.signupEnd)} />
      <Kv k='报名情况' v={v.countText} />
      <Kv k='取消规则' v={v.cutoffHours > 0 ? `活动开始前${v.cutoffHours}小时内不能取消报名` : '活动开始前均可取消报名'} />
    </Card>
  )
}

function Mine({ v, onWithdraw, onConfirm }: { v: ActivityView; onWithdraw: () => void; onConfirm: () => void }) {
  const my = v.my!
  const live = LIVE.includes(my.place)
  const tooLate = my.place === 'registered' && !v.canWithdraw && ['published', 'closed'].includes(v.phase)
  return (
    <View id='activity-mine'>
      <Card className='act-card' title='我的报名' extra={<Tag tone={placeTone(my.place)}>{my.placeLabel}</Tag>}>
        <View>
          <Kv k='岗位' v={my.bucketName} />
          {my.place === 'waitlisted' && (
            <View className='act-note' id='activity-position'>
              候补第{my.position ?? 1}位。有人取消时会按顺序递补并通知您。
            </View>
          )}
          {my.place === 'offered' && (
            <View className='act-offer' id='activity-offer'>
              <View className='act-offer__text'>有名额空出，已为您保留。请在{my.offerUntil ? ` ${when(my.offerUntil)} ` : '规定时间'}前确认参加，逾期名额将顺延给下一位。</View>
              {v.allowed.includes('confirmPlace') && (
                <Button type='primary' block onClick={onConfirm}>
                  确认递补
                </Button>
              )}
            </View>
          )}
          {my.place === 'registered' && my.pass && (
            <View className='act-pass' id='activity-pass'>
              <View className='act-pass__label'>我的报名码</View>
              <View className='act-pass__code' aria-label={`报名码 ${my.pass.split('').join(' ')}`}>
                {my.pass}
              </View>
              <View className='act-pass__hint'>到场后可出示给组织者，由组织者为您签到</View>
            </View>
          )}
          {my.place === 'registered' && <Kv k='签到状态' v={my.attendanceLabel} id='activity-attendance' />}
          <Kv k='签到时间' v={my.checkInAt && when(my.checkInAt)} />
          <Kv k='签退时间' v={my.checkOutAt && when(my.checkOutAt)} />
          {my.hours !== undefined && (
            <View className='act-hours' id='activity-hours'>
              服务时长 {my.hours} 小时 · {my.points ?? 0} 积分
            </View>
          )}
          {live && v.canWithdraw && (
            <View className='act-actions act-actions--flush'>
              <Button type='danger' block onClick={onWithdraw}>
                {my.place === 'offered' ? '放弃递补' : '取消报名'}
              </Button>
            </View>
          )}
          {tooLate && (
            <View className='act-note' id='activity-cutoff'>
              活动开始前{v.cutoffHours}小时内不能取消报名，如有变动请联系组织者。
            </View>
          )}
        </View>
      </Card>
    </View>
  )
}

/** 签到 / 签退: the organiser's QR code (scanned in WeChat) or its 6 characters typed, or GPS within the radius. */
function Attend({ v, onDone }: { v: ActivityView; onDone: (r: AttendanceResult) => void }) {
  const out = v.my!.attendance === 'checked_in'
  const word = out ? '签退' : '签到'
  const weapp = process.env.TARO_ENV === 'weapp'
  const [code, setCode] = useState('')
  const [error, setError] = useState<string>()
  const [busy, setBusy] = useState(false)

  async function send(proof: { code: string } | { location: { lat: number; lng: number } }) {
    setBusy(true)
    setError(undefined)
    try {
      const input = { activityId: v.id, ...proof }
      const r = out ? await api.activity.checkout(input) : await api.activity.checkin(input)
      say(`${word}成功`)
      setCode('')
      onDone(r)
    } catch (e) {
      const err = toApiError(e)
      setError(err.fields?.code ?? err.fields?.location ?? err.message)
      say(err.message, false)
    } finally {
      setBusy(false)
    }
  }

  async function scan() {
    try {
      const r = await Taro.scanCode({ onlyFromCamera: true, scanType: ['qrCode'] })
      if (r.result) await send({ code: r.result })
    } catch {
      // closed without scanning
    }
  }

  async function locate() {
    try {
      const loc = await Taro.getLocation({ type: 'gcj02' })
      await send({ location: { lat: loc.latitude, lng: loc.longitude } })
    } catch {
      // send() answers its own failures; this is the platform refusing the location.
      setError('没有取得位置，请在设置中允许使用位置信息，或扫码签到')
    }
  }

  return (
    <Card className='act-card' title={word} extra={<Tag tone='blue'>{v.my!.attendanceLabel}</Tag>}>
      <View id='activity-attend'>
        <View className='act-note'>活动开始前2小时至结束后2小时内可以{word}。</View>
        {weapp ? (
          <View className='act-actions act-actions--flush'>
            <Button type='primary' block loading={busy} onClick={() => void scan()}>
              扫码{word}
            </Button>
          </View>
        ) : (
          <>
            <TextField name='code' label='签到码' placeholder='6位签到码' hint='输入组织者屏幕上的6位签到码' maxlength={120} value={code} error={error} onChange={setCode} />
            <View className='act-actions act-actions--flush'>
              <Button
                type='primary'
                block
                loading={busy}
                onClick={() => {
                  if (!code.trim()) return setError('请输入签到码')
                  void send({ code: code.trim() })
                }}
              >
                {word}
              </Button>
            </View>
          </>
        )}
        {weapp && error && (
          <View className='lx-field__error' role='alert'>
            {error}
          </View>
        )}
        {v.place.lat !== undefined && (
          <View className='act-actions act-actions--flush'>
            <Button block loading={busy} onClick={() => void locate()}>
              定位{word}
            </Button>
          </View>
        )}
      </View>
    </Card>
  )
}

function Buckets({ v, busy, onSignup }: { v: ActivityView; busy: boolean; onSignup: (b: BucketView) => void }) {
  const holding = !!v.my && LIVE.includes(v.my.place)
  const open = v.allowed.includes('signup') && !holding
  return (
    <Card className='act-card' title={v.buckets.length > 1 ? '报名岗位' : '报名'}>
      <View id='activity-buckets'>
        {v.buckets.map((b) => {
          const full = b.capacity > 0 && b.taken >= b.capacity
          return (
            <View className='act-bucket' key={b.key}>
              <View className='act-bucket__head'>
                <View className='act-bucket__name'>{b.name}</View>
                <View className='act-bucket__count'>
                  {b.capacity > 0 ? `已报名 ${b.taken}/${b.capacity}` : `已报名 ${b.taken} 人`}
                  {b.waiting > 0 ? ` · 候补 ${b.waiting} 人` : ''}
                </View>
              </View>
              <View className='act-tags'>
                {b.membersOnly && <Tag tone='red'>仅限党员</Tag>}
                {b.skills.length > 0 && <Tag tone='gray'>需要技能：{b.skills.join('、')}</Tag>}
                {b.minAge > 0 && <Tag tone='gray'>年满{b.minAge}周岁</Tag>}
                <Tag tone='gold'>{b.pointsText}</Tag>
              </View>
              {b.blocked && <View className='act-note'>{b.blocked}</View>}
              {open && (
                <View className='act-actions act-actions--flush'>
                  <Button type={full ? 'default' : 'primary'} block disabled={!!b.blocked} loading={busy} onClick={() => onSignup(b)}>
                    {full ? `报名候补${v.buckets.length > 1 ? `（${b.name}）` : ''}` : `报名${v.buckets.length > 1 ? `（${b.name}）` : ''}`}
                  </Button>
                </View>
              )}
            </View>
          )
        })}
        {!open && !holding && v.phase === 'announced' && <View className='act-note'>报名将于{when(v.signupStart)}开始。</View>}
        {!open && !holding && v.phase === 'closed' && <View className='act-note'>报名已截止。</View>}
      </View>
    </Card>
  )
}

const SHEET_TITLES = { signup: '填写出生年份', proxy: '代居民报名', cancel: '取消活动', notify: '通知全部报名者' }

function MoveSheet({ sheet, view, templates, onClose, onDone }: { sheet: SheetKind; view: ActivityView; templates: Awaited<ReturnType<typeof loadTemplates>>; onClose: () => void; onDone: (v?: ActivityView) => void }) {
  const [text, setText] = useState('')
  const [name, setName] = useState('')
  const [phone, setPhone] = useState('')
  const [year, setYear] = useState('')
  const [bucket, setBucket] = useState(sheet.kind === 'signup' ? sheet.bucket.key : view.buckets[0]?.key ?? '')
  const [errors, setErrors] = useState<FieldErrors>({})
  const [busy, setBusy] = useState(false)
  const chosen = view.buckets.find((b) => b.key === bucket)
  const needsYear = !!chosen && chosen.minAge > 0

  async function ok() {
    if (sheet.kind === 'signup') askSubscribe(['activityRemind'], templates)
    const found: FieldErrors = {}
    const y = Number(year)
    if (needsYear && (!/^\d{4}$/.test(year) || y < 1900 || y > new Date().getFullYear())) found.birthYear = '请填写4位出生年份，如1960'
    if (sheet.kind === 'proxy' && !name.trim()) found['forPerson.name'] = '请填写居民姓名'
    if ((sheet.kind === 'cancel' || sheet.kind === 'notify') && !text.trim()) found.text = sheet.kind === 'cancel' ? '请填写取消原因' : '请填写通知内容'
    if (Object.keys(found).length) return setErrors(found)
    if (sheet.kind === 'cancel' && !(await confirmModal({ title: '取消活动', content: '取消后所有报名者都会收到通知，活动不能恢复。确定取消吗？', confirmText: '取消活动', danger: true }))) return
    setBusy(true)
    const activityId = view.id
    const age = needsYear ? { birthYear: y } : {}
    let v: ActivityView | undefined
    try {
      if (sheet.kind === 'signup') {
        v = await api.activity.signup({ activityId, bucket, ...age })
        say(signedUp(v))
      } else if (sheet.kind === 'proxy') {
        v = await api.activity.signup({ activityId, bucket, ...age, forPerson: { name: name.trim(), ...(phone.trim() ? { phone: phone.trim() } : {}), ...(text.trim() ? { note: text.trim() } : {}) } })
        say(`已为${name.trim()}报名`)
        // The answer is the activity as the grid worker sees it (their own place, if any).
      } else if (sheet.kind === 'cancel') {
        v = await api.activity.cancel({ activityId, reason: text.trim() })
        say('活动已取消')
      } else {
        const r = await api.activity.notify({ activityId, message: text.trim() })
        say(`已通知${r.sent}人`)
      }
      onDone(v)
    } catch (e) {
      const err = toApiError(e)
      if (err.fields) setErrors(err.fields)
      say(err.message, false)
    } finally {
      setBusy(false)
    }
  }

  const okText = sheet.kind === 'cancel' ? '取消活动' : sheet.kind === 'notify' ? '发送' : '报名'
  return (
    <Sheet open title={SHEET_TITLES[sheet.kind]} id={`sheet-${sheet.kind}`} onClose={onClose} footer={<SheetFoot busy={busy} onCancel={onClose} onOk={() => void ok()} okText={okText} />}>
      {sheet.kind === 'proxy' && (
        <>
          <View className='act-note'>为没有手机的居民报名。报名由您代办，会记录在活动的操作记录中。</View>
          <TextField name='name' label='居民姓名' required value={name} error={errorOf(errors, 'forPerson.name')} onChange={setName} />
          <TextField name='phone' label='联系电话' type='number' placeholder='选填' value={phone} error={errorOf(errors, 'forPerson.phone')} onChange={setPhone} />
          {view.buckets.length > 1 && (
            <View className='act-sheet-row'>
              <View className='act-sheet-row__label'>岗位</View>
              <Chips id='field-bucket' options={view.buckets.map((b) => ({ value: b.key, label: b.name }))} value={bucket} onChange={setBucket} />
            </View>
          )}
        </>
      )}
      {needsYear && (sheet.kind === 'signup' || sheet.kind === 'proxy') && (
        <TextField name='birthYear' label='出生年份' required type='number' maxlength={4} placeholder='如 1960' hint={`这个岗位要求年满${chosen!.minAge}周岁`} value={year} error={errorOf(errors, 'birthYear')} onChange={setYear} />
      )}
      {sheet.kind === 'proxy' && <TextAreaField name='note' label='备注（选填）' maxlength={50} rows={2} value={text} onChange={setText} />}
      {(sheet.kind === 'cancel' || sheet.kind === 'notify') && (
        <TextAreaField
          name='text'
          label={sheet.kind === 'cancel' ? '取消原因' : '通知内容'}
          required
          maxlength={sheet.kind === 'cancel' ? 100 : 200}
          rows={3}
          placeholder={sheet.kind === 'cancel' ? '如：天气原因，活动改期' : '如：集合地点改到社区东门'}
          value={text}
          error={errorOf(errors, sheet.kind === 'cancel' ? 'reason' : 'message') ?? errors.text}
          onChange={setText}
        />
      )}
    </Sheet>
  )
}
