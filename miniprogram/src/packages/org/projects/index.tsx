// 项目清单. Residents see their community's public board (社区项目: what is being done, by which 共建单位,
// how far — no person in it). The community's admins, the street and the partner units see the whole
// list with the moves the table allows them (开始实施, 完成, 取消); a unit may 认领 an open need with one
// of its own resources.
import Taro, { useReachBottom } from '@tarojs/taro'
import { View } from '@tarojs/components'
import { useState } from 'react'
import type { NeedView, ProjectView, UnitRegView } from '@shared/contracts/org'
import type { ProjectState } from '@shared/lifecycles/project'
import { api } from '../../../api/client'
import { newRequestKey } from '../../../api/transport'
import { Button, Card, Chips, Field, LoadMore, PageContainer, Sheet, SheetFoot, Skeleton, Tabs } from '../../../components'
import { useAsync } from '../../../hooks/useAsync'
import { useAuthedSession } from '../../../hooks/session'
import { usePaged } from '../../../hooks/usePaged'
import { usePullRefresh } from '../../../hooks/usePullRefresh'
import { confirmModal, submitForm, type FieldErrors } from '../../../utils/forms'
import { day, run, StatusTag } from '../common'
import { adminCommunities, type CommunityOption } from '../scope'
import '../org.css'

type Tab = 'all' | ProjectState
const TABS = [
  { key: 'all', title: '全部' },
  { key: 'claimed', title: '已认领' },
  { key: 'implementing', title: '实施中' },
  { key: 'done', title: '已完成' },
] as const

const MOVE_LABELS = { start: '开始实施', finish: '完成', cancel: '取消' } as const

interface Scope {
  communities: CommunityOption[]
  /** A unit admin's approved registrations (to claim needs with). */
  partners: UnitRegView[]
}

async function scopeOf(p: Parameters<typeof adminCommunities>[0]): Promise<Scope> {
  if (!p) return { communities: [], partners: [] }
  const admin = await adminCommunities(p)
  let partners: UnitRegView[] = []
  if (p.roles.includes('unitAdmin')) partners = (await api.org.myUnit({})).registrations.filter((r) => r.status === 'approved')
  const home = p.communityId && p.communityName ? [{ id: p.communityId, name: p.communityName }] : []
  const all = [...admin, ...partners.map((r) => ({ id: r.communityId, name: r.communityName })), ...home]
  return { communities: all.filter((c, i) => all.findIndex((x) => x.id === c.id) === i), partners }
}

export default function Projects() {
  const session = useAuthedSession()
  const ready = session.status === 'ready'
  const scope = useAsync(() => scopeOf(session.profile), [], ready)
  const [picked, setPicked] = useState<string>()
  const communityId = picked ?? scope.data?.communities[0]?.id
  const [tab, setTab] = useState<Tab>('all')
  const list = usePaged((cursor) => api.org.projects({ communityId, status: tab === 'all' ? undefined : tab, cursor, size: 20 }), [communityId, tab], ready && !!communityId)
  usePullRefresh(async () => {
    await Promise.all([scope.reload(), list.reload()])
  })
  useReachBottom(() => void list.loadMore())
  const [claiming, setClaiming] = useState(false)
  const partner = scope.data?.partners.find((r) => r.communityId === communityId)

  async function moveIt(p: ProjectView, action: 'start' | 'finish' | 'cancel') {
    if (!(await confirmModal({ title: MOVE_LABELS[action], content: `“${p.title}”${MOVE_LABELS[action]}？`, danger: action === 'cancel' }))) return
    if (await run(() => api.org.moveProject({ projectId: p.id, action }), `已${MOVE_LABELS[action]}`)) void list.reload()
  }

  const noCommunity = scope.data && !communityId
  return (
    <PageContainer
      loading={!ready || scope.loading || (!!communityId && list.loading)}
      error={session.status === 'error' ? session.error : scope.error ?? list.error}
      hasData={list.loaded}
      onRetry={() => void (scope.error ? scope.reload() : list.reload())}
      skeleton={<Skeleton rows={5} />}
      empty={noCommunity || (list.loaded && list.items.length === 0)}
      emptyProps={noCommunity ? { mark: '社', title: '请先选择所在社区', description: '在“我的资料”中选择社区后，可以看到社区正在做的共建项目。' } : { mark: '项', title: '还没有共建项目', description: '社区把居民的需求与共建单位的资源对接后，项目会公示在这里。' }}
      header={
        <View>
          {((scope.data?.communities.length ?? 0) > 1 || partner) && (
            <View className='org-toolbar'>
              {(scope.data?.communities.length ?? 0) > 1 && <Chips options={scope.data!.communities.map((c) => ({ value: c.id, label: c.name }))} value={communityId} onChange={setPicked} />}
              {partner && (
                <Button size='small' type='primary' onClick={() => setClaiming(true)}>
                  认领需求
                </Button>
              )}
            </View>
          )}
          <Tabs items={TABS} value={tab} onChange={setTab} />
        </View>
      }
    >
      <View className='org-list' id='projects'>
        {list.items.map((p) => (
          <Card key={p.id} className='org-card project-item' title={p.title} extra={<StatusTag status={p.status} label={p.statusLabel} />}>
            <View className='org-card__row'>
              <View>负责单位：{p.unitName}</View>
            </View>
            <View className='org-card__row'>
              <View>对接资源：{p.resourceTitle}</View>
            </View>
            <View className='org-card__meta'>
              需求：{p.needTitle} · 认领于 {day(p.createdAt)}
              {p.doneAt ? ` · 完成于 ${day(p.doneAt)}` : ''}
            </View>
            {p.plan && <View className='org-card__text'>{p.plan}</View>}
            {!!p.actions?.length && (
              <View className='org-actions'>
                {p.actions.map((a) => (
                  <Button key={a} size='small' type={a === 'cancel' ? 'default' : 'primary'} onClick={() => void moveIt(p, a)}>
                    {MOVE_LABELS[a]}
                  </Button>
                ))}
              </View>
            )}
          </Card>
        ))}
        <LoadMore count={list.items.length} hasMore={list.hasMore} loading={list.loadingMore} error={list.moreError} onMore={() => void list.loadMore()} />
      </View>
      {claiming && partner && (
        <ClaimSheet
          reg={partner}
          onClose={() => setClaiming(false)}
          onDone={() => {
            setClaiming(false)
            void list.reload()
          }}
        />
      )}
    </PageContainer>
  )
}

/** 认领: an open need of the community, met with one of the unit's own resources. */
function ClaimSheet({ reg, onClose, onDone }: { reg: UnitRegView; onClose: () => void; onDone: () => void }) {
  const needs = useAsync(() => api.org.needs({ communityId: reg.communityId, status: 'open', size: 50 }), [reg.communityId])
  const [needId, setNeedId] = useState<string>()
  const [resourceId, setResourceId] = useState<string>()
  const [errors, setErrors] = useState<FieldErrors>({})
  const [busy, setBusy] = useState(false)
  const [key] = useState(newRequestKey)
  const items: NeedView[] = needs.data?.items ?? []
  async function ok() {
    if (!needId || !resourceId) return setErrors({ ...(needId ? {} : { needId: '请选择需求' }), ...(resourceId ? {} : { resourceId: '请选择资源' }) })
    setBusy(true)
    const done = await submitForm(() => api.org.createProject({ requestKey: key, needId, registrationId: reg.id, resourceId }), setErrors)
    setBusy(false)
    if (done) {
      Taro.showToast({ title: '已认领', icon: 'success' })
      onDone()
    }
  }
  return (
    <Sheet open title={`认领${reg.communityName}的需求`} id='sheet-claim' onClose={onClose} footer={<SheetFoot busy={busy} onCancel={onClose} onOk={() => void ok()} okText='认领' />}>
      <Field label='需求' required stacked error={errors.needId}>
        {needs.loading && !needs.data ? <Skeleton rows={2} /> : items.length ? <Chips id='claim-need' options={items.map((n) => ({ value: n.id, label: n.title }))} value={needId} onChange={setNeedId} /> : <View className='org-note'>{needs.error?.message ?? '社区暂时没有待对接的需求'}</View>}
      </Field>
      <Field label='我们的资源' required stacked error={errors.resourceId}>
        <Chips id='claim-resource' options={reg.resources.filter((r) => !r.retired).map((r) => ({ value: r.id, label: `${r.kind} · ${r.title}` }))} value={resourceId} onChange={setResourceId} />
      </Field>
    </Sheet>
  )
}
