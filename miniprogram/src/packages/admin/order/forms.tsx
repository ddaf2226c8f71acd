// The community's forms on an order (admin subpackage only): 受理, 吹哨上报, 派单, 备注.
// Each checks its input with the call's own contract schema, then shows the server's field errors.
import { Input, Picker, View } from '@tarojs/components'
import { useEffect, useState } from 'react'
import { orderApi, type AssigneeOptions, type OrderView } from '@shared/contracts/order'
import { orderPointsCap } from '@shared/points/rules'
import { COLOURS, type Colour } from '@shared/rules/sla'
import { api } from '../../../api/client'
import { Chips, cx, ErrorState, Field, MultiChips, Sheet, SheetFoot, Skeleton, TextAreaField, TextField, Toggle } from '../../../components'
import { COLOUR_SHORT } from '../../../components/order/labels'
import { useAsync } from '../../../hooks/useAsync'
import { clearError, errorOf, hasErrors, submitForm, validate, type FieldErrors } from '../../../utils/forms'
import { dayjs } from '../../../utils/time'

interface FormProps {
  view: OrderView
  open: boolean
  onClose: () => void
  onDone: (v: OrderView, toast: string) => void
}

/** The skills of the demo members and the usual service kinds; a task asks for at most five. */
export const SKILL_OPTIONS = ['维修', '陪护', '助老', '家政', '法律咨询', '心理疏导', '理发', '辅导功课'] as const

const colourOptions = [...COLOURS].map((c) => ({ value: c, label: COLOUR_SHORT[c], dot: c }))

/** A reasonable completion deadline for a colour: red tomorrow, yellow in two days, green in three, at 18:00. */
export function defaultDeadline(colour: Colour, now = dayjs()): { day: string; time: string } {
  const days = colour === 'red' ? 1 : colour === 'yellow' ? 2 : 3
  return { day: now.add(days, 'day').format('YYYY-MM-DD'), time: '18:00' }
}

/** 完成期限 as a day and a time. */
function DuePicker({ due, error, hint, onChange }: { due: { day: string; time: string }; error?: string; hint?: string; onChange: (d: { day: string; time: string }) => void }) {
  return (
    <Field label='完成期限' required error={error} hint={hint}>
      <View className='admin-due'>
        <Picker mode='date' value={due.day} start={dayjs().format('YYYY-MM-DD')} onChange={(e) => onChange({ ...due, day: String(e.detail.value) })}>
          <View className='lx-picker admin-due__day' id='field-deadline-day'>
            <View className='lx-picker__text'>{dayjs(due.day).format('M月D日')}</View>
          </View>
        </Picker>
        <Picker mode='time' value={due.time} onChange={(e) => onChange({ ...due, time: String(e.detail.value) })}>
          <View className='lx-picker admin-due__time' id='field-deadline-time'>
            <View className='lx-picker__text'>{due.time}</View>
            <View className='lx-cell__arrow' />
          </View>
        </Picker>
      </View>
    </Field>
  )
}

/** The 完成期限 a call-up (吹哨) is given unless the community chooses: red tomorrow, yellow in 3 days, green in 7, at 18:00. */
export function defaultEscalationDeadline(colour: Colour, now = dayjs()): { day: string; time: string } {
  const days = colour === 'red' ? 1 : colour === 'yellow' ? 3 : 7
  return { day: now.add(days, 'day').format('YYYY-MM-DD'), time: '18:00' }
}

/** 受理: urgency, points and hours, how many helpers, by when, 党员 only, skills. */
export function AcceptSheet({ view, open, onClose, onDone }: FormProps) {
  const [colour, setColour] = useState<Colour>(view.colour)
  const [points, setPoints] = useState('10')
  const [hours, setHours] = useState('1')
  const [slots, setSlots] = useState('1')
  const [due, setDue] = useState(() => defaultDeadline(view.colour))
  const [touchedDue, setTouchedDue] = useState(false)
  const [membersOnly, setMembersOnly] = useState(false)
  const [skills, setSkills] = useState<string[]>(() => (SKILL_OPTIONS as readonly string[]).includes(view.category) ? [view.category] : [])
  const [note, setNote] = useState('')
  const [errors, setErrors] = useState<FieldErrors>({})
  const [busy, setBusy] = useState(false)
  // The earning rules' most for the colour and hours (the contract refuses more, with the same figure).
  const h = Number(hours)
  const maxPoints = hours.trim() !== '' && Number.isFinite(h) && h > 0 ? orderPointsCap({ colour, hours: h }) : undefined
  // A message goes as soon as its field is changed: it said what was wrong with the old value.
  const edit =
    <T,>(key: string, set: (v: T) => void) =>
    (v: T) => {
      set(v)
      setErrors((e) => clearError(e, key))
    }

  function pickColour(c: Colour) {
    setColour(c)
    setErrors((e) => clearError(e, 'colour'))
    if (!touchedDue) setDue(defaultDeadline(c))
  }

  async function ok() {
    const input = {
      orderId: view.id,
      colour,
      points: points.trim() === '' ? Number.NaN : Number(points),
      hours: hours.trim() === '' ? Number.NaN : Number(hours),
      slots: slots.trim() === '' ? Number.NaN : Number(slots),
      deadline: dayjs(`${due.day}T${due.time}:00`).format(),
      membersOnly,
      skills,
      note: note.trim() || undefined,
    }
    const found = validate(orderApi.accept, input)
    if (dayjs(input.deadline).isBefore(dayjs())) found.deadline = '完成期限要晚于现在'
    if (hasErrors(found)) return setErrors(found)
    setBusy(true)
    const v = await submitForm(() => api.order.accept(input), setErrors)
    setBusy(false)
    if (v) onDone(v, '已受理')
  }

  return (
    <Sheet open={open} title='受理服务单' id='sheet-accept' onClose={onClose} footer={<SheetFoot busy={busy} onCancel={onClose} onOk={() => void ok()} okText='确定受理' />}>
      <Field label='紧急程度' required stacked error={errorOf(errors, 'colour')}>
        <Chips id='accept-colour' columns={3} options={colourOptions} value={colour} onChange={pickColour} />
      </Field>
      <TextField
        name='points'
        label='积分'
        type='number'
        required
        value={points}
        maxlength={3}
        placeholder={`0–${maxPoints ?? 100}`}
        hint={maxPoints === undefined ? undefined : `按紧急程度和时长，最多${maxPoints}分`}
        error={errorOf(errors, 'points')}
        onChange={edit('points', setPoints)}
      />
      <TextField name='hours' label='服务时长' type='digit' required value={hours} maxlength={4} placeholder='小时，以0.5为单位' error={errorOf(errors, 'hours')} onChange={edit('hours', setHours)} />
      <TextField name='slots' label='需要人数' type='number' required value={slots} maxlength={2} placeholder='1–20' error={errorOf(errors, 'slots')} onChange={edit('slots', setSlots)} />
      <DuePicker
        due={due}
        error={errorOf(errors, 'deadline')}
        onChange={(d) => {
          setTouchedDue(true)
          setErrors((x) => clearError(x, 'deadline'))
          setDue(d)
        }}
      />
      <Field label='仅限党员' hint='开启后志愿者看不到这张单'>
        <View className='admin-switch'>
          <Toggle id='accept-members-only' label='仅限党员' checked={membersOnly} onChange={setMembersOnly} />
        </View>
      </Field>
      <Field label='所需技能' stacked hint='选填，最多5项，会优先推荐有这些技能的党员' error={errorOf(errors, 'skills')}>
        <MultiChips id='accept-skills' columns={4} options={SKILL_OPTIONS.map((s) => ({ value: s, label: s }))} values={skills} onChange={edit('skills', (v: string[]) => setSkills(v.slice(0, 5)))} />
      </Field>
      <TextAreaField name='acceptNote' label='给居民的话' value={note} maxlength={200} rows={2} placeholder='选填，如“已安排，明天上午上门”' error={errorOf(errors, 'note')} onChange={edit('note', setNote)} />
    </Sheet>
  )
}

/** Whom an order can be sent to; read when a form that needs it opens. */
function useAssignees(view: OrderView, open: boolean) {
  return useAsync<AssigneeOptions>(() => api.order.assignees({ orderId: view.id }), [view.id], open)
}

/** 吹哨上报: to the street, or straight to a department of the street. */
export function EscalateSheet({ view, open, onClose, onDone }: FormProps) {
  const [to, setTo] = useState<'street' | 'department'>('street')
  const [departmentId, setDepartmentId] = useState('')
  const [colour, setColour] = useState<Colour>(view.colour)
  const [reason, setReason] = useState('')
  const [due, setDue] = useState(() => defaultEscalationDeadline(view.colour))
  const [touchedDue, setTouchedDue] = useState(false)
  const [errors, setErrors] = useState<FieldErrors>({})
  const [busy, setBusy] = useState(false)
  const options = useAssignees(view, open && to === 'department')
  const departments = options.data?.departments ?? []

  async function ok() {
    const deadline = dayjs(`${due.day}T${due.time}:00`).format()
    const input = { orderId: view.id, to, departmentId: to === 'department' ? departmentId || undefined : undefined, colour, reason, deadline }
    const found = validate(orderApi.escalate, input)
    if (dayjs(deadline).isBefore(dayjs())) found.deadline = '完成期限要晚于现在'
    if (hasErrors(found)) return setErrors(found)
    setBusy(true)
    const v = await submitForm(() => api.order.escalate(input), setErrors)
    setBusy(false)
    if (v) onDone(v, '已上报')
  }

  return (
    <Sheet open={open} title='吹哨上报' id='sheet-escalate' onClose={onClose} footer={<SheetFoot busy={busy} onCancel={onClose} onOk={() => void ok()} okText='上报' />}>
      <Field label='上报给' required stacked>
        <Chips
          id='escalate-to'
          options={[
            { value: 'street', label: '街道党工委' },
            { value: 'department', label: '职能部门' },
          ]}
          value={to}
          onChange={(v) => {
            setTo(v)
            setErrors({})
          }}
        />
      </Field>
      {to === 'department' && (
        <Field label='职能部门' required stacked error={errorOf(errors, 'departmentId')}>
          {options.error ? (
            <ErrorState error={options.error} onRetry={() => void options.reload()} />
          ) : options.loading && !options.data ? (
            <Skeleton rows={2} />
          ) : (
            <Chips
              id='escalate-department'
              options={departments.map((d) => ({ value: d.id, label: d.name }))}
              value={departmentId}
              onChange={(v) => {
                setDepartmentId(v)
                setErrors((e) => clearError(e, 'departmentId'))
              }}
            />
          )}
        </Field>
      )}
      <Field label='紧急程度' required stacked error={errorOf(errors, 'colour')}>
        <Chips
          id='escalate-colour'
          columns={3}
          options={colourOptions}
          value={colour}
          onChange={(c) => {
            setColour(c)
            if (!touchedDue) setDue(defaultEscalationDeadline(c))
          }}
        />
      </Field>
      <DuePicker
        due={due}
        hint='上级和社区都能看到，到期未办结会提醒'
        error={errorOf(errors, 'deadline')}
        onChange={(d) => {
          setTouchedDue(true)
          setErrors((x) => clearError(x, 'deadline'))
          setDue(d)
        }}
      />
      <TextAreaField name='escalateReason' label='上报原因' required value={reason} maxlength={200} rows={3} placeholder='社区为什么解决不了，需要上级协调什么' error={errorOf(errors, 'reason')}
        onChange={(v) => {
          setReason(v)
          setErrors((e) => clearError(e, 'reason'))
        }}
      />
    </Sheet>
  )
}

type AssigneeType = 'member' | 'unit' | 'department'

/** 派单 to a named party member of the community (best skill match first), a work unit, or a department. */
export function DispatchSheet({ view, open, onClose, onDone }: FormProps) {
  const [type, setType] = useState<AssigneeType>('member')
  const [chosen, setChosen] = useState('')
  const [search, setSearch] = useState('')
  const [note, setNote] = useState('')
  const [errors, setErrors] = useState<FieldErrors>({})
  const [busy, setBusy] = useState(false)
  const options = useAssignees(view, open)
  useEffect(() => {
    setChosen('')
    setErrors((e) => clearError(e, 'assignee'))
  }, [type])

  const q = search.trim()
  const people =
    type === 'member'
      ? (options.data?.members ?? []).filter((m) => !q || m.name.includes(q) || m.skills.some((s) => s.includes(q))).map((m) => ({ id: m.id, name: m.name, sub: [m.gridName, m.skills.join('、')].filter(Boolean).join(' · '), good: m.match >= 1 }))
      : ((type === 'unit' ? options.data?.units : options.data?.departments) ?? []).map((u) => ({ id: u.id, name: u.name, sub: '', good: false }))

  async function ok() {
    const input = { orderId: view.id, assignee: { type, id: chosen }, note: note.trim() || undefined }
    const found = validate(orderApi.dispatch, input)
    if (!chosen) found['assignee.id'] = type === 'member' ? '请选择一位党员' : type === 'unit' ? '请选择单位' : '请选择职能部门'
    if (hasErrors(found)) return setErrors(found)
    setBusy(true)
    const v = await submitForm(() => api.order.dispatch(input), setErrors)
    setBusy(false)
    if (v) onDone(v, '已派单')
  }

  return (
    <Sheet open={open} title='派单' id='sheet-dispatch' onClose={onClose} footer={<SheetFoot busy={busy} onCancel={onClose} onOk={() => void ok()} okText='派单' />}>
      <Field label='派给' required stacked>
        <Chips
          id='dispatch-type'
          columns={3}
          options={[
            { value: 'member', label: '党员' },
            { value: 'unit', label: '单位' },
            { value: 'department', label: '职能部门' },
          ]}
          value={type}
          onChange={setType}
        />
      </Field>
      <Field label={type === 'member' ? '选择党员' : type === 'unit' ? '选择单位' : '选择部门'} required stacked error={errorOf(errors, 'assignee')}>
        {type === 'member' && (
          <Input className='admin-search' id='dispatch-search' value={search} placeholder='按姓名或技能查找' placeholderClass='lx-input__placeholder' nativeProps={{ 'aria-label': '按姓名或技能查找' }} onInput={(e) => setSearch(e.detail.value)} />
        )}
        {options.error ? (
          <ErrorState error={options.error} onRetry={() => void options.reload()} />
        ) : options.loading && !options.data ? (
          <Skeleton rows={3} />
        ) : people.length === 0 ? (
          <View className='admin-pick__none'>{q ? '没有找到' : '暂无可选对象'}</View>
        ) : (
          <View className='admin-pick' id='dispatch-list'>
            {people.slice(0, 50).map((x) => (
              <View key={x.id} className={cx('admin-pick__item', x.id === chosen && 'admin-pick__item--on')} role='radio' aria-checked={x.id === chosen ? 'true' : 'false'} onClick={() => {
                  setChosen(x.id)
                  setErrors((e) => clearError(e, 'assignee'))
                }}>
                <View className='admin-pick__main'>
                  <View className='admin-pick__name'>
                    {x.name}
                    {x.good && <View className='admin-pick__match'>技能匹配</View>}
                  </View>
                  {x.sub && <View className='admin-pick__sub'>{x.sub}</View>}
                </View>
                <View className='admin-pick__radio' />
              </View>
            ))}
          </View>
        )}
      </Field>
      <TextAreaField name='dispatchNote' label='交办说明' value={note} maxlength={200} rows={2} placeholder='选填，要求和注意事项' error={errorOf(errors, 'note')} onChange={setNote} />
    </Sheet>
  )
}

/** 备注: internal (workers only) or public (on the resident's timeline). */
export function NoteSheet({ view, open, onClose, onDone }: FormProps) {
  const [text, setText] = useState('')
  const [internal, setInternal] = useState(true)
  const [errors, setErrors] = useState<FieldErrors>({})
  const [busy, setBusy] = useState(false)
  async function ok() {
    const input = { orderId: view.id, text, internal }
    const found = validate(orderApi.note, input)
    if (hasErrors(found)) return setErrors(found)
    setBusy(true)
    const v = await submitForm(() => api.order.note(input), setErrors)
    setBusy(false)
    if (v) {
      setText('')
      onDone(v, '已添加备注')
    }
  }
  return (
    <Sheet open={open} title='添加备注' id='sheet-note' onClose={onClose} footer={<SheetFoot busy={busy} onCancel={onClose} onOk={() => void ok()} okText='保存' />}>
      <TextAreaField name='noteText' label='备注' required value={text} maxlength={300} rows={3} placeholder='处理过程中的情况记录' error={errorOf(errors, 'text')} onChange={setText} />
      <Field label='仅内部可见' hint={internal ? '只有工作人员能看到' : '居民也能在办理进度里看到'}>
        <View className='admin-switch'>
          <Toggle id='note-internal' label='仅内部可见' checked={internal} onChange={setInternal} />
        </View>
      </Field>
    </Sheet>
  )
}
