// Pieces the org screens share: a reason sheet (退回, 撤销, 解除…), status tags, resources as a list,
// and the one way a move is run (busy flag, toast, the error's message).
import Taro from '@tarojs/taro'
import { View } from '@tarojs/components'
import { useState } from 'react'
import type { ResourceItem } from '@shared/contracts/org'
import { Sheet, SheetFoot, Tag, TextAreaField, type Tone } from '../../components'
import { toApiError } from '../../api/errors'

const TONES: Record<string, Tone> = {
  pending: 'gold',
  approved: 'green',
  returned: 'red',
  withdrawn: 'gray',
  revoked: 'gray',
  open: 'gold',
  closed: 'gray',
  claimed: 'gold',
  implementing: 'blue',
  done: 'green',
  cancelled: 'gray',
}

export function StatusTag({ status, label }: { status: string; label: string }) {
  return <Tag tone={TONES[status] ?? 'gray'}>{label}</Tag>
}

export function Resources({ items }: { items: ResourceItem[] }) {
  const live = items.filter((r) => !r.retired)
  if (!live.length) return null
  return (
    <View className='org-res'>
      {live.map((r) => (
        <View className='org-res__item' key={r.id}>
          <Tag tone='red'>{r.kind}</Tag>
          <View>{r.title}</View>
          {r.detail && <View className='org-res__detail'>{r.detail}</View>}
        </View>
      ))}
    </View>
  )
}

/** A sheet asking why (required), for moves that need a reason. */
export function ReasonSheet({ open, title, label, okText, placeholder, onClose, onOk }: { open: boolean; title: string; label: string; okText: string; placeholder?: string; onClose: () => void; onOk: (reason: string) => Promise<boolean> }) {
  const [reason, setReason] = useState('')
  const [error, setError] = useState<string>()
  const [busy, setBusy] = useState(false)
  async function ok() {
    if (!reason.trim()) return setError(`请填写${label}`)
    setBusy(true)
    const done = await onOk(reason.trim())
    setBusy(false)
    if (done) {
      setReason('')
      setError(undefined)
    }
  }
  return (
    <Sheet open={open} title={title} id='sheet-reason' onClose={onClose} footer={<SheetFoot busy={busy} onCancel={onClose} onOk={() => void ok()} okText={okText} />}>
      <TextAreaField name='reason' label={label} required value={reason} maxlength={200} rows={3} placeholder={placeholder} error={error} onChange={setReason} />
    </Sheet>
  )
}

/** Runs a call with a toast for its outcome; true when it succeeded. */
export async function run<T>(call: () => Promise<T>, done: string): Promise<T | undefined> {
  try {
    const out = await call()
    Taro.showToast({ title: done, icon: 'success' })
    return out
  } catch (e) {
    Taro.showToast({ title: toApiError(e).message, icon: 'none' })
    return undefined
  }
}

export const day = (iso?: string) => (iso ? iso.slice(0, 10) : '')
