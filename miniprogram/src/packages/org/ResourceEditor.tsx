// 我们的资源 as a form: each row a kind, a name and a note; rows can be added and removed.
import { View } from '@tarojs/components'
import { RESOURCE_KINDS } from '@shared/contracts/org'
import { Button, Chips, Field, TextField } from '../../components'
import { errorOf, type FieldErrors } from '../../utils/forms'

export interface ResourceRow {
  id?: string
  title: string
  kind: (typeof RESOURCE_KINDS)[number]
  detail: string
}

export const blankRow = (): ResourceRow => ({ title: '', kind: '人员', detail: '' })

export const toInput = (rows: ResourceRow[]) => rows.map((r) => ({ ...(r.id ? { id: r.id } : {}), title: r.title, kind: r.kind, detail: r.detail.trim() || undefined }))

export function ResourceEditor({ rows, onChange, errors }: { rows: ResourceRow[]; onChange: (rows: ResourceRow[]) => void; errors: FieldErrors }) {
  const set = (i: number, patch: Partial<ResourceRow>) => onChange(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)))
  return (
    <Field label='可提供的资源' required stacked error={errors.resources}>
      {rows.map((r, i) => (
        <View className='org-edit-row' key={i} id={`resource-${i}`}>
          <Chips columns={3} options={RESOURCE_KINDS.map((k) => ({ value: k, label: k }))} value={r.kind} onChange={(kind) => set(i, { kind })} />
          <TextField name={`resource-title-${i}`} label='名称' required value={r.title} maxlength={30} placeholder='如：法律咨询、会议室' error={errorOf(errors, `resources.${i}.title`)} onChange={(title) => set(i, { title })} />
          <TextField name={`resource-detail-${i}`} label='说明' value={r.detail} maxlength={200} placeholder='选填，如时间、数量' error={errorOf(errors, `resources.${i}.detail`)} onChange={(detail) => set(i, { detail })} />
          {rows.length > 1 && (
            <Button size='small' type='ghost' onClick={() => onChange(rows.filter((_r, j) => j !== i))}>
              删除这项
            </Button>
          )}
        </View>
      ))}
      {rows.length < 10 && (
        <Button size='small' onClick={() => onChange([...rows, blankRow()])}>
          + 再加一项
        </Button>
      )}
    </Field>
  )
}
