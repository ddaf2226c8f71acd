// The short forms of an order's moves that residents, members and assignees make, each in a Sheet.
// Each checks its input with the call's own contract schema first, then shows the server's field errors.
import { Picker, Input, View } from '@tarojs/components'
import { useState } from 'react'
import { CLOSURE_CODES, CLOSURE_LABELS, orderApi, type ClosureCode, type OrderView } from '@shared/contracts/order'
import { api } from '../../api/client'
import { Chips, Field, PhotoPicker, Sheet, SheetFoot, Stars, TextAreaField, type Photo } from '..'
import { confirmModal, errorOf, hasErrors, submitForm, validate, type FieldErrors } from '../../utils/forms'
import { CONFIRMS } from '../../utils/orderActions'
import { dayjs } from '../../utils/time'

interface FormProps {
  view: OrderView
  open: boolean
  onClose: () => void
  onDone: (v: OrderView) => void
}

/** One required (or optional) reason: 没解决 (reopen), 退回社区 (return), 不予受理 (reject). */
export function ReasonSheet({
  open,
  title,
  label,
  placeholder,
  maxlength = 200,
  okText,
  onClose,
  onSubmit,
  id,
}: {
  open: boolean
  title: string
  label: string
  placeholder: string
  maxlength?: number
  okText: string
  onClose: () => void
  /** Answers the field errors to show, or null when it went through. */
  onSubmit: (reason: string) => Promise<FieldErrors | null>
  id?: string
}) {
  const [reason, setReason] = useState('')
  const [errors, setErrors] = useState<FieldErrors>({})
  const [busy, setBusy] = useState(false)
  async function ok() {
    if (busy) return
    setBusy(true)
    try {
      const errs = await onSubmit(reason)
      if (errs) setErrors(errs)
      else setReason('')
    } finally {
      setBusy(false)
    }
  }
  return (
    <Sheet open={open} title={title} onClose={onClose} id={id} footer={<SheetFoot busy={busy} onCancel={onClose} onOk={() => void ok()} okText={okText} />}>
      <TextAreaField
        name='reason'
        label={label}
        required
        value={reason}
        maxlength={maxlength}
        rows={3}
        placeholder={placeholder}
        error={errorOf(errors, 'reason')}
        onChange={(v) => {
          setReason(v)
          setErrors({})
        }}
      />
    </Sheet>
  )
}

/** 评价: 1–5 stars and an optional comment. */
export function RateSheet({ view, open, onClose, onDone }: FormProps) {
  const [stars, setStars] = useState(0)
  const [comment, setComment] = useState('')
  const [errors, setErrors] = useState<FieldErrors>({})
  const [busy, setBusy] = useState(false)
  async function ok() {
    const input = { orderId: view.id, stars, comment: comment.trim() || undefined }
    const found = validate(orderApi.rate, input)
    if (hasErrors(found)) return setErrors(found)
    setBusy(true)
    const v = await submitForm(() => api.order.rate(input), setErrors)
    setBusy(false)
    if (v) onDone(v)
  }
  return (
    <Sheet open={open} title='评价这次服务' id='sheet-rate' onClose={onClose} footer={<SheetFoot busy={busy} onCancel={onClose} onOk={() => void ok()} okText='提交评价' />}>
      <Field label='满意度' required stacked error={errorOf(errors, 'stars')}>
        <Stars
          size='large'
          value={stars}
          onChange={(n) => {
            setStars(n)
            setErrors((e) => ({ ...e, stars: undefined }))
          }}
        />
      </Field>
      <TextAreaField name='comment' label='说点什么' value={comment} maxlength={200} rows={3} placeholder='服务怎么样？您的评价会帮助社区做得更好（选填）' error={errorOf(errors, 'comment')} onChange={setComment} />
    </Sheet>
  )
}

/** 提交办结: what was done, with photos (处置反馈单). */
export function CompleteSheet({ view, open, onClose, onDone }: FormProps) {
  const [note, setNote] = useState('')
  const [photos, setPhotos] = useState<Photo[]>([])
  const [errors, setErrors] = useState<FieldErrors>({})
  const [busy, setBusy] = useState(false)
  async function ok() {
    const input = { orderId: view.id, note, photos: photos.map((p) => p.fileID) }
    const found = validate(orderApi.complete, input)
    if (hasErrors(found)) return setErrors(found)
    setBusy(true)
    const v = await submitForm(() => api.order.complete(input), setErrors)
    setBusy(false)
    if (v) onDone(v)
  }
  // What was typed or photographed is not lost to a stray tap on the mask or 取消: asked first.
  async function leave() {
    if (note.trim() || photos.length) {
      if (!(await confirmModal({ title: '放弃填写', content: '办理情况和照片还没有提交，离开后不会保存。确定放弃吗？', confirmText: '放弃', danger: true }))) return
    }
    onClose()
  }
  return (
    <Sheet
      open={open}
      title='提交办结'
      id='sheet-complete'
      onClose={() => void leave()}
      footer={<SheetFoot busy={busy} onCancel={() => void leave()} onOk={() => void ok()} okText='提交' />}
    >
      <TextAreaField
        name='note'
        label='办理情况'
        required
        value={note}
        maxlength={500}
        placeholder='做了什么、结果如何，居民会看到这段说明'
        error={errorOf(errors, 'note')}
        onChange={(v) => {
          setNote(v)
          setErrors((e) => ({ ...e, note: undefined }))
        }}
      />
      <Field label='现场照片' stacked hint='选填，最多6张' error={errorOf(errors, 'photos')}>
        <PhotoPicker value={photos} onChange={setPhotos} id='complete-photos' />
      </Field>
    </Sheet>
  )
}

/** 办结归档 with an honest closure code; 非本辖区 says to whom, 纳入长期计划 when to look again. */
export function CloseSheet({ view, open, onClose, onDone }: FormProps) {
  const [code, setCode] = useState<ClosureCode>('solved')
  const [note, setNote] = useState('')
  const [transferTo, setTransferTo] = useState('')
  const [reviewDay, setReviewDay] = useState('')
  const [errors, setErrors] = useState<FieldErrors>({})
  const [busy, setBusy] = useState(false)
  const today = dayjs().format('YYYY-MM-DD')

  async function ok() {
    const input = {
      orderId: view.id,
      code,
      note,
      transferTo: code === 'not_ours' ? transferTo.trim() || undefined : undefined,
      reviewDate: code === 'long_term' && reviewDay ? dayjs(`${reviewDay}T09:00:00`).format() : undefined,
    }
    const found = validate(orderApi.close, input)
    if (hasErrors(found)) return setErrors(found)
    if (!(await confirmModal({ ...CONFIRMS.close!, danger: true }))) return
    setBusy(true)
    const v = await submitForm(() => api.order.close(input), setErrors)
    setBusy(false)
    if (v) onDone(v)
  }

  return (
    <Sheet open={open} title='办结归档' id='sheet-close' onClose={onClose} footer={<SheetFoot busy={busy} onCancel={onClose} onOk={() => void ok()} okText='办结' />}>
      <Field label='办结情况' required stacked error={errorOf(errors, 'code')}>
        <Chips
          id='closure-code'
          columns={3}
          options={CLOSURE_CODES.map((c) => ({ value: c, label: CLOSURE_LABELS[c] }))}
          value={code}
          onChange={(c) => {
            setCode(c)
            setErrors({})
          }}
        />
      </Field>
      {code === 'not_ours' && (
        <Field label='转给' required error={errorOf(errors, 'transferTo')}>
          <Input
            className='lx-input'
            id='field-transferTo'
            value={transferTo}
            maxlength={50}
            placeholder='接手的单位或社区'
            placeholderClass='lx-input__placeholder'
            onInput={(e) => setTransferTo(e.detail.value)}
          />
        </Field>
      )}
      {code === 'long_term' && (
        <Field label='复查日期' required error={errorOf(errors, 'reviewDate')}>
          <Picker mode='date' value={reviewDay || today} start={today} onChange={(e) => setReviewDay(String(e.detail.value))}>
            <View className={`lx-picker${reviewDay ? '' : ' lx-picker--placeholder'}`} id='field-reviewDate'>
              <View className='lx-picker__text'>{reviewDay ? dayjs(reviewDay).format('YYYY年M月D日') : '请选择复查日期'}</View>
              <View className='lx-cell__arrow' />
            </View>
          </Picker>
        </Field>
      )}
      <TextAreaField
        name='note'
        label='办结说明'
        required
        value={note}
        maxlength={200}
        rows={3}
        placeholder='怎么处理的，居民会看到这段说明'
        error={errorOf(errors, 'note')}
        onChange={(v) => {
          setNote(v)
          setErrors((e) => ({ ...e, note: undefined }))
        }}
      />
    </Sheet>
  )
}
