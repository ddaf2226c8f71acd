// 报名名单与时长 (organisers): the people on the activity by place — 已报名, 候补, 待确认递补, 已取消 —
// with counts, phones (tap to call), how and when they checked in and out; 迟到 / 缺席 / 请假 marks;
// check-in by the person's 报名码; and 确认时长 in bulk, each person's figure from their check-in and
// check-out filled in and editable (a figure already confirmed needs a reason to change: it writes a
// correcting entry). 导出名单 and 通知全部报名者 from here too.
import Taro, { useReachBottom, useRouter } from '@tarojs/taro'
import { Input, View } from '@tarojs/components'
import { useEffect, useState } from 'react'
import type { RosterPage, RosterRow } from '@shared/contracts/activity'
import { api } from '../../../api/client'
import { toApiError } from '../../../api/errors'
import { Button, Card, LoadMore, PageContainer, PhoneLink, Sheet, SheetFoot, Skeleton, Tabs, Tag, TextAreaField, TextField } from '../../../components'
import { when } from '../../../components/activity/ActivityItem'
import { gate } from '../../../hooks/gate'
import { useAuthedSession } from '../../../hooks/session'
import { usePaged } from '../../../hooks/usePaged'
import { usePullRefresh } from '../../../hooks/usePullRefresh'
import { useShowRefresh } from '../../../hooks/useShowRefresh'
import { confirmModal } from '../../../utils/forms'
import { codeUrl, exportRoster, run, say } from '../common'
import '../../../components/activity/activity.css'
import '../activity.css'

type Place = 'registered' | 'waitlisted' | 'offered' | 'withdrawn'
const CONFIRMABLE = ['none', 'checked_in', 'checked_out', 'confirmed']
interface Edit {
  hours: string
  reason: string
}

export default function Roster() {
  const session = useAuthedSession()
  const id = useRouter().params?.id ?? ''
  const ready = session.status === 'ready' && !!id
  const [place, setPlace] = useState<Place>('registered')
  const [meta, setMeta] = useState<Pick<RosterPage, 'counts' | 'lengthHours'>>()
  const list = usePaged(
    async (cursor) => {
      const page = await api.activity.roster({ activityId: id, place, cursor, size: 50 })
      setMeta({ counts: page.counts, lengthHours: page.lengthHours })
      return page
    },
    [id, place],
    ready,
  )
  // Rows changed by a mark or a confirmation, shown over the list until it reloads.
  const [changed, setChanged] = useState<Record<string, RosterRow>>({})
  const [edits, setEdits] = useState<Record<string, Edit>>({})
  const [picked, setPicked] = useState<Record<string, boolean>>({})
  const [notify, setNotify] = useState(false)
  const [busy, setBusy] = useState(false)
  const rows = list.items.map((r) => changed[r.openid] ?? r)
  const reload = async () => {
    setChanged({})
    setEdits({})
    setPicked({})
    await list.reload()
  }
  usePullRefresh(reload)
  useShowRefresh(reload, ready)
  useReachBottom(() => void list.loadMore())
  useEffect(() => {
    setChanged({})
    setEdits({})
    setPicked({})
  }, [place])

  const figure = (r: RosterRow) => edits[r.openid]?.hours ?? String(r.hours ?? r.suggestedHours)
  // Served and not yet confirmed: chosen unless the organiser unticks them.
  const isPicked = (r: RosterRow) => picked[r.openid] ?? (r.attendance === 'checked_out' || (r.attendance === 'confirmed' && Number(figure(r)) !== r.hours))
  const chosen = rows.filter((r) => CONFIRMABLE.includes(r.attendance) && isPicked(r))
  const setEdit = (r: RosterRow, patch: Partial<Edit>) => {
    setEdits((e) => ({ ...e, [r.openid]: { hours: figure(r), reason: e[r.openid]?.reason ?? '', ...patch } }))
    setPicked((p) => ({ ...p, [r.openid]: true }))
  }
  const update = (r: RosterRow) => setChanged((c) => ({ ...c, [r.openid]: r }))

  async function mark(r: RosterRow, m: 'late' | 'absent' | 'excused') {
    const word = m === 'late' ? '迟到' : m === 'absent' ? '缺席' : '请假'
    if (m !== 'late' && !(await confirmModal({ title: `标记${word}`, content: `将${r.name}标记为${word}？${m === 'absent' ? '缺席的人不计服务时长。' : ''}`, confirmText: `标记${word}` }))) return
    const row = await run(() => api.activity.mark({ activityId: id, openid: r.openid, mark: m }), `已标记${word}`)
    if (row) update(row)
  }

  async function confirmHours() {
    if (!chosen.length) return say('请先勾选要确认的人', false)
    const items = chosen.map((r) => {
      const e = edits[r.openid]
      const hours = Number(figure(r))
      return { openid: r.openid, hours, ...(e?.reason.trim() ? { reason: e.reason.trim() } : {}) }
    })
    const bad = items.find((it) => !Number.isFinite(it.hours) || it.hours < 0 || it.hours * 2 !== Math.round(it.hours * 2))
    if (bad) return say(`${chosen.find((r) => r.openid === bad.openid)?.name}的时长须为半小时的整数倍`, false)
    const missing = chosen.find((r) => r.attendance === 'confirmed' && Number(figure(r)) !== r.hours && !edits[r.openid]?.reason.trim())
    if (missing) return say(`请填写${missing.name}的更正原因`, false)
    const total = items.reduce((n, it) => n + it.hours, 0)
    if (!(await confirmModal({ title: '确认服务时长', content: `确认${items.length}人共${total}小时？确认后时长和积分记入个人服务记录。`, confirmText: '确认' }))) return
    setBusy(true)
    try {
      const out = await api.activity.confirmHours({ activityId: id, items })
      setChanged((c) => ({ ...c, ...Object.fromEntries(out.rows.map((r) => [r.openid, r])) }))
      setEdits({})
      setPicked({})
      // The counts in the header; the rows from the answer stay until the fresh page is there.
      void list.reload().then(() => setChanged({}))
      say(out.corrected ? `已确认${out.confirmed}人，更正${out.corrected}人` : `已确认${out.confirmed}人`)
    } catch (e) {
      const err = toApiError(e)
      const field = err.fields && Object.entries(err.fields).find(([, v]) => !!v)
      const at = field ? Number(field[0].split('.')[1]) : NaN
      say(Number.isInteger(at) && chosen[at] ? `${chosen[at].name}：${field![1]}` : err.message, false)
    } finally {
      setBusy(false)
    }
  }

  const c = meta?.counts
  const tabs = [
    { key: 'registered', title: `已报名${c ? ` ${c.registered}` : ''}` },
    { key: 'waitlisted', title: `候补${c ? ` ${c.waitlisted}` : ''}` },
    { key: 'offered', title: `待确认${c ? ` ${c.offered}` : ''}` },
    { key: 'withdrawn', title: '已取消' },
  ] as const
  return (
    <PageContainer
      className='act'
      {...gate(session, ready, list)}
      hasData={list.loaded}
      skeleton={<Skeleton rows={5} />}
      empty={list.loaded && rows.length === 0 && place !== 'registered'}
      emptyProps={{ mark: '名', title: '这里没有人' }}
      header={
        <View>
          <Tabs items={tabs} value={place} onChange={setPlace} />
          {c && (
            <View className='act-stats' id='roster-stats'>
              已签到待确认 {c.checkedIn} 人 · 时长已确认 {c.confirmed} 人 · 活动时长 {meta!.lengthHours} 小时
            </View>
          )}
          <View className='act-toolbar'>
            <Button size='small' onClick={() => void Taro.navigateTo({ url: codeUrl(id) })}>
              签到码
            </Button>
            <Button size='small' onClick={() => setNotify(true)}>
              通知全部报名者
            </Button>
            <Button size='small' onClick={() => void exportRoster(id)}>
              导出名单
            </Button>
          </View>
        </View>
      }
    >
      <View className='act-list' id='activity-roster'>
        {place === 'registered' && <PassCheck activityId={id} onDone={() => void reload()} />}
        {place === 'registered' && rows.length === 0 && <View className='act-note'>还没有人报名。</View>}
        {rows.map((r) => (
          <Row
            key={r.openid}
            r={r}
            place={place}
            hours={figure(r)}
            reason={edits[r.openid]?.reason ?? ''}
            picked={CONFIRMABLE.includes(r.attendance) && isPicked(r)}
            onPick={(v) => setPicked((p) => ({ ...p, [r.openid]: v }))}
            onHours={(v) => setEdit(r, { hours: v })}
            onReason={(v) => setEdit(r, { reason: v })}
            onMark={(m) => void mark(r, m)}
          />
        ))}
        <LoadMore count={rows.length} hasMore={list.hasMore} loading={list.loadingMore} error={list.moreError} onMore={() => void list.loadMore()} />
        {place === 'registered' && rows.length > 0 && (
          <View className='act-confirm-bar'>
            <Button type='primary' block loading={busy} onClick={() => void confirmHours()}>
              确认时长（{chosen.length}人）
            </Button>
          </View>
        )}
      </View>
      {notify && <NotifySheet activityId={id} onClose={() => setNotify(false)} />}
    </PageContainer>
  )
}

function Row(props: {
  r: RosterRow
  place: Place
  hours: string
  reason: string
  picked: boolean
  onPick: (v: boolean) => void
  onHours: (v: string) => void
  onReason: (v: string) => void
  onMark: (m: 'late' | 'absent' | 'excused') => void
}) {
  const { r, place, hours, reason, picked } = props
  const confirmable = place === 'registered' && CONFIRMABLE.includes(r.attendance)
  const came = r.attendance === 'checked_in' || r.attendance === 'checked_out'
  const correcting = r.attendance === 'confirmed' && Number(hours) !== r.hours
  return (
    <Card className='act-row' title={r.name} extra={<Tag tone={r.attendance === 'confirmed' ? 'green' : came ? 'blue' : r.attendance === 'absent' ? 'red' : 'gray'}>{place === 'registered' ? r.attendanceLabel : r.placeLabel}</Tag>}>
      <View className='act-row__body' id={`row-${r.openid}`}>
        <View className='act-tags'>
          <Tag tone='gray'>{r.bucketName}</Tag>
          {r.late && <Tag tone='red'>迟到</Tag>}
          {r.proxy && <Tag tone='gold'>代报名</Tag>}
          {r.position !== undefined && <Tag tone='gold'>候补第{r.position}位</Tag>}
        </View>
        {r.phone && (
          <PhoneLink className='act-link' phone={r.phone} name={r.name} prefix='电话 ' />
        )}
        {(r.checkInAt || r.checkOutAt) && (
          <View className='act-row__times'>
            {r.checkInAt ? `签到 ${when(r.checkInAt)}` : '未签到'}
            {r.checkOutAt ? ` · 签退 ${when(r.checkOutAt)}` : ''}
          </View>
        )}
        {r.hours !== undefined && (
          <View className='act-row__times'>
            已确认 {r.hours} 小时 · {r.points ?? 0} 积分
          </View>
        )}
        {confirmable && (
          <View className='act-row__hours'>
            <View className={`act-check${picked ? ' act-check--on' : ''}`} role='checkbox' aria-checked={picked ? 'true' : 'false'} aria-label={`确认${r.name}的时长`} onClick={() => props.onPick(!picked)}>
              <View className='act-check__box'>{picked ? '✓' : ''}</View>
              确认
            </View>
            <View className='act-row__label'>时长</View>
            <Input className='act-hours-input' id={`hours-${r.openid}`} type='digit' value={hours} aria-label={`${r.name}的服务时长（小时）`} onInput={(e) => props.onHours(e.detail.value)} />
            <View className='act-row__label'>小时</View>
            {r.attendance !== 'confirmed' && <View className='act-row__hint'>建议 {r.suggestedHours}</View>}
          </View>
        )}
        {correcting && <TextField name={`reason-${r.openid}`} label='更正原因' required value={reason} onChange={props.onReason} />}
        {place === 'registered' && (
          <View className='act-row__marks'>
            {came && !r.late && (
              <Button size='small' onClick={() => props.onMark('late')}>
                迟到
              </Button>
            )}
            {['none', 'checked_in', 'checked_out', 'excused'].includes(r.attendance) && (
              <Button size='small' onClick={() => props.onMark('absent')}>
                缺席
              </Button>
            )}
            {['none', 'absent'].includes(r.attendance) && (
              <Button size='small' onClick={() => props.onMark('excused')}>
                请假
              </Button>
            )}
          </View>
        )}
      </View>
    </Card>
  )
}

/** 按报名码签到: the person shows their 6-character 报名码; the organiser types it. */
function PassCheck({ activityId, onDone }: { activityId: string; onDone: () => void }) {
  const [pass, setPass] = useState('')
  const [error, setError] = useState<string>()
  const [busy, setBusy] = useState(false)
  async function go(out: boolean) {
    if (!pass.trim()) return setError('请输入报名码')
    setBusy(true)
    setError(undefined)
    try {
      const input = { activityId, pass: pass.trim() }
      const r = out ? await api.activity.checkout(input) : await api.activity.checkin(input)
      say(`${r.name}${out ? '已签退' : '已签到'}`)
      setPass('')
      onDone()
    } catch (e) {
      const err = toApiError(e)
      setError(err.fields?.pass ?? err.message)
    } finally {
      setBusy(false)
    }
  }
  return (
    <Card className='act-card' title='按报名码签到'>
      <TextField name='pass' label='报名码' placeholder='参与者的6位报名码' maxlength={12} value={pass} error={error} onChange={setPass} />
      <View className='act-row__marks'>
        <Button type='primary' size='small' loading={busy} onClick={() => void go(false)}>
          签到
        </Button>
        <Button size='small' loading={busy} onClick={() => void go(true)}>
          签退
        </Button>
      </View>
    </Card>
  )
}

function NotifySheet({ activityId, onClose }: { activityId: string; onClose: () => void }) {
  const [text, setText] = useState('')
  const [error, setError] = useState<string>()
  const [busy, setBusy] = useState(false)
  async function ok() {
    if (!text.trim()) return setError('请填写通知内容')
    setBusy(true)
    const r = await run(() => api.activity.notify({ activityId, message: text.trim() }), (x) => `已通知${x.sent}人`)
    setBusy(false)
    if (r) onClose()
  }
  return (
    <Sheet open title='通知全部报名者' id='sheet-notify' onClose={onClose} footer={<SheetFoot busy={busy} onCancel={onClose} onOk={() => void ok()} okText='发送' />}>
      <TextAreaField name='message' label='通知内容' required maxlength={200} rows={3} placeholder='如：集合地点改到社区东门' value={text} error={error} onChange={setText} />
    </Sheet>
  )
}
