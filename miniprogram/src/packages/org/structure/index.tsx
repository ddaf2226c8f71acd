// 组织架构 (street admin): the street's communities → grids → buildings. New ones are added under their
// parent, renamed, or retired (with a reason, after a confirm): a retired place keeps its name on old
// records and leaves the pickers. 显示已撤销 shows them again here.
import Taro from '@tarojs/taro'
import { View } from '@tarojs/components'
import { useState } from 'react'
import { orgApi, PLACE_KIND_LABELS, type PlaceKind, type PlaceView } from '@shared/contracts/org'
import { api } from '../../../api/client'
import { newRequestKey } from '../../../api/transport'
import { Button, Card, PageContainer, Sheet, SheetFoot, Skeleton, Tag, TextField, Toggle, tappable } from '../../../components'
import { useAsync } from '../../../hooks/useAsync'
import { useAuthedSession } from '../../../hooks/session'
import { usePullRefresh } from '../../../hooks/usePullRefresh'
import { confirmModal, hasErrors, submitForm, validate, type FieldErrors } from '../../../utils/forms'
import { ReasonSheet, run } from '../common'
import '../org.css'

type NameForm = { kind: PlaceKind; parentId: string; place?: PlaceView }

export default function Structure() {
  const session = useAuthedSession()
  const ready = session.status === 'ready'
  const tree = useAsync(() => api.org.tree({}), [], ready)
  usePullRefresh(tree.reload)
  const [showRetired, setShowRetired] = useState(false)
  const [openGrid, setOpenGrid] = useState<string>()
  const [nameForm, setNameForm] = useState<NameForm>()
  const [retiring, setRetiring] = useState<PlaceView>()
  const t = tree.data
  const shown = (p: PlaceView) => showRetired || !p.retired

  const RowActions = ({ p, childKind }: { p: PlaceView; childKind?: PlaceKind }) =>
    p.retired ? (
      <Tag>已撤销</Tag>
    ) : (
      <View className='org-row-actions'>
        {childKind && (
          <View className='org-link' {...tappable('button')} onClick={() => setNameForm({ kind: childKind, parentId: p.id })}>
            +{PLACE_KIND_LABELS[childKind]}
          </View>
        )}
        <View className='org-link' {...tappable('button')} onClick={() => setNameForm({ kind: p.kind, parentId: p.parentId, place: p })}>
          改名
        </View>
        <View className='org-link' {...tappable('button')} onClick={() => setRetiring(p)}>
          撤销
        </View>
      </View>
    )

  return (
    <PageContainer
      loading={!ready || tree.loading}
      error={session.status === 'error' ? session.error : tree.error}
      hasData={!!t}
      onRetry={() => void tree.reload()}
      skeleton={<Skeleton rows={6} />}
      header={
        t && (
          <View className='org-head'>
            <View className='org-head__title'>
              {t.street.name} · {t.communities.filter((c) => !c.retired).length}个社区
            </View>
            <Button size='small' type='primary' onClick={() => setNameForm({ kind: 'community', parentId: t.street.id })}>
              新建社区
            </Button>
          </View>
        )
      }
    >
      {t && (
        <View className='org-list' id='structure'>
          <View className='org-toolbar'>
            <View className='org-head__title'>显示已撤销</View>
            <Toggle id='show-retired' label='显示已撤销' checked={showRetired} onChange={setShowRetired} />
          </View>
          {t.communities.filter(shown).map((c) => (
            <Card key={c.id} className='org-card place-community' title={<View className={c.retired ? 'org-retired' : ''}>{c.name}</View>} extra={<RowActions p={c} childKind='grid' />}>
              {t.grids
                .filter((g) => g.parentId === c.id && shown(g))
                .map((g) => {
                  const buildings = t.buildings.filter((b) => b.parentId === g.id && shown(b))
                  return (
                    <View key={g.id} className='place-grid'>
                      <View className='org-tree__grid'>
                        <View className={g.retired ? 'org-retired org-toggle' : 'org-toggle'} {...tappable('button')} aria-expanded={openGrid === g.id ? 'true' : 'false'} onClick={() => setOpenGrid(openGrid === g.id ? undefined : g.id)}>
                          {g.name}（{buildings.filter((b) => !b.retired).length}栋）
                        </View>
                        <RowActions p={g} childKind='building' />
                      </View>
                      {openGrid === g.id && (
                        <View className='org-tree__buildings'>
                          {buildings.map((b) => (
                            <View key={b.id} className={`org-tree__building${b.retired ? ' org-tree__building--retired' : ''}`}>
                              {b.name}
                              {!b.retired && (
                                <>
                                  <View className='org-link' {...tappable('button')} onClick={() => setNameForm({ kind: 'building', parentId: g.id, place: b })}>
                                    改名
                                  </View>
                                  <View className='org-link' {...tappable('button')} onClick={() => setRetiring(b)}>
                                    撤销
                                  </View>
                                </>
                              )}
                            </View>
                          ))}
                          {!buildings.length && <View className='org-note'>还没有楼栋</View>}
                        </View>
                      )}
                    </View>
                  )
                })}
            </Card>
          ))}
        </View>
      )}
      {nameForm && (
        <NameSheet
          form={nameForm}
          onClose={() => setNameForm(undefined)}
          onDone={() => {
            setNameForm(undefined)
            void tree.reload()
          }}
        />
      )}
      <ReasonSheet
        open={!!retiring}
        title={`撤销${retiring ? PLACE_KIND_LABELS[retiring.kind] : ''}“${retiring?.name ?? ''}”`}
        label='撤销原因'
        okText='撤销'
        placeholder='如：网格调整、楼栋拆除'
        onClose={() => setRetiring(undefined)}
        onOk={async (reason) => {
          if (!retiring) return false
          if (!(await confirmModal({ title: '确认撤销', content: `撤销后“${retiring.name}”不再出现在选择列表中，历史记录仍保留。`, confirmText: '撤销', danger: true }))) return false
          const ok = await run(() => api.org.retirePlace({ kind: retiring.kind, id: retiring.id, reason }), '已撤销')
          if (ok) {
            setRetiring(undefined)
            void tree.reload()
          }
          return !!ok
        }}
      />
    </PageContainer>
  )
}

function NameSheet({ form, onClose, onDone }: { form: NameForm; onClose: () => void; onDone: () => void }) {
  const [name, setName] = useState(form.place?.name ?? '')
  const [errors, setErrors] = useState<FieldErrors>({})
  const [busy, setBusy] = useState(false)
  const [key] = useState(newRequestKey)
  const label = PLACE_KIND_LABELS[form.kind]
  async function ok() {
    setBusy(true)
    let done: unknown
    if (form.place) {
      const input = { kind: form.kind, id: form.place.id, name }
      const found = validate(orgApi.renamePlace, input)
      if (hasErrors(found)) {
        setBusy(false)
        return setErrors(found)
      }
      done = await submitForm(() => api.org.renamePlace(input), setErrors)
    } else {
      const input = { requestKey: key, kind: form.kind, parentId: form.parentId, name }
      const found = validate(orgApi.createPlace, input)
      if (hasErrors(found)) {
        setBusy(false)
        return setErrors(found)
      }
      done = await submitForm(() => api.org.createPlace(input), setErrors)
    }
    setBusy(false)
    if (done) {
      Taro.showToast({ title: form.place ? '已改名' : `已新建${label}`, icon: 'success' })
      onDone()
    }
  }
  return (
    <Sheet open title={form.place ? `${label}改名` : `新建${label}`} id='sheet-place' onClose={onClose} footer={<SheetFoot busy={busy} onCancel={onClose} onOk={() => void ok()} okText='保存' />}>
      <TextField name='placeName' label={`${label}名称`} required value={name} maxlength={30} placeholder={form.kind === 'building' ? '如：12号楼' : form.kind === 'grid' ? '如：第四网格' : '如：光明社区'} error={errors.name} onChange={setName} />
    </Sheet>
  )
}
