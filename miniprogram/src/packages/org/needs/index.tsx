// 需求清单 (community admin): the community's needs, gathered by the admins or turned from a resident's
// service order (?fromOrderId=…), closed or reopened; 立项 links a need with a partner unit's resource,
// which makes a project on the 项目清单.
import Taro, { useReachBottom, useRouter } from '@tarojs/taro'
import { View } from '@tarojs/components'
import { useEffect, useState } from 'react'
import { orgApi, type NeedView, type ResourceView } from '@shared/contracts/org'
import { api } from '../../../api/client'
import { newRequestKey } from '../../../api/transport'
import { ROUTES } from '../../../api/routes'
import { Button, Card, Chips, ErrorState, Field, LoadMore, PageContainer, Sheet, SheetFoot, Skeleton, Tabs, Tag, TextAreaField, TextField } from '../../../components'
import { useAsync } from '../../../hooks/useAsync'
import { useAuthedSession } from '../../../hooks/session'
import { usePaged } from '../../../hooks/usePaged'
import { usePullRefresh } from '../../../hooks/usePullRefresh'
import { hasErrors, submitForm, validate, type FieldErrors } from '../../../utils/forms'
import { day, run, StatusTag } from '../common'
import { adminCommunities } from '../scope'
import '../org.css'

type Tab = 'open' | 'closed'
const TABS = [
  { key: 'open', title: '待对接' },
  { key: 'closed', title: '已关闭' },
] as const

export default function Needs() {
  const session = useAuthedSession()
  const ready = session.status === 'ready'
  const fromOrderId = useRouter().params.fromOrderId
  const communities = useAsync(async () => (await adminCommunities(session.profile)).filter((c) => session.profile?.grants.some((g) => g.role === 'communityAdmin' && g.communityId === c.id)), [], ready)
  const communityId = communities.data?.[0]?.id
  const [tab, setTab] = useState<Tab>('open')
  const list = usePaged((cursor) => api.org.needs({ communityId: communityId!, status: tab, cursor, size: 20 }), [communityId, tab], ready && !!communityId)
  usePullRefresh(list.reload)
  useReachBottom(() => void list.loadMore())
  const [creating, setCreating] = useState(false)
  const [linking, setLinking] = useState<NeedView>()

  useEffect(() => {
    if (fromOrderId) setCreating(true)
  }, [fromOrderId])

  async function toggle(n: NeedView) {
    if (await run(() => api.org.updateNeed({ needId: n.id, status: n.status === 'open' ? 'closed' : 'open' }), n.status === 'open' ? '已关闭' : '已重新打开')) void list.reload()
  }

  return (
    <PageContainer
      loading={!ready || communities.loading || (!!communityId && list.loading)}
      error={session.status === 'error' ? session.error : communities.error ?? list.error}
      hasData={list.loaded}
      onRetry={() => void list.reload()}
      skeleton={<Skeleton rows={5} />}
      empty={(communities.data && !communityId) || (list.loaded && list.items.length === 0)}
      emptyProps={!communityId ? { mark: '管', title: '您没有管理的社区' } : { mark: '需', title: tab === 'open' ? '还没有待对接的需求' : '没有已关闭的需求', description: '把居民反映集中的问题记成需求，再与共建单位的资源对接立项。' }}
      header={
        <View>
          <View className='org-toolbar'>
            <Button size='small' type='primary' onClick={() => setCreating(true)}>
              新增需求
            </Button>
          </View>
          <Tabs items={TABS} value={tab} onChange={setTab} />
        </View>
      }
    >
      <View className='org-list' id='needs'>
        {list.items.map((n) => (
          <Card key={n.id} className='org-card need-item' title={n.title} extra={<StatusTag status={n.status} label={n.statusLabel} />}>
            <View className='org-card__meta'>
              {n.category ? `${n.category} · ` : ''}
              {n.source === 'order' ? '来自居民点单 · ' : ''}登记于 {day(n.createdAt)}
            </View>
            {n.detail && <View className='org-card__text'>{n.detail}</View>}
            <View className='org-actions'>
              <Button size='small' onClick={() => void toggle(n)}>
                {n.status === 'open' ? '关闭' : '重新打开'}
              </Button>
              {n.status === 'open' && (
                <Button size='small' type='primary' onClick={() => setLinking(n)}>
                  对接资源立项
                </Button>
              )}
            </View>
          </Card>
        ))}
        <LoadMore count={list.items.length} hasMore={list.hasMore} loading={list.loadingMore} error={list.moreError} onMore={() => void list.loadMore()} />
      </View>
      {creating && communityId && (
        <NeedSheet
          communityId={communityId}
          fromOrderId={fromOrderId}
          onClose={() => setCreating(false)}
          onDone={() => {
            setCreating(false)
            void list.reload()
          }}
        />
      )}
      {linking && communityId && <ProjectSheet need={linking} communityId={communityId} onClose={() => setLinking(undefined)} onDone={() => Taro.navigateTo({ url: ROUTES.orgProjects })} />}
    </PageContainer>
  )
}

function NeedSheet({ communityId, fromOrderId, onClose, onDone }: { communityId: string; fromOrderId?: string; onClose: () => void; onDone: () => void }) {
  const [title, setTitle] = useState('')
  const [category, setCategory] = useState('')
  const [detail, setDetail] = useState('')
  const [errors, setErrors] = useState<FieldErrors>({})
  const [busy, setBusy] = useState(false)
  const [key] = useState(newRequestKey)
  async function ok() {
    const input = fromOrderId
      ? { requestKey: key, fromOrderId, title: title.trim() || undefined, detail: detail.trim() || undefined }
      : { requestKey: key, communityId, title: title.trim() || undefined, category: category.trim() || undefined, detail: detail.trim() || undefined }
    const found = validate(orgApi.createNeed, input)
    if (hasErrors(found)) return setErrors(found)
    setBusy(true)
    const done = await submitForm(() => api.org.createNeed(input), setErrors)
    setBusy(false)
    if (done) {
      Taro.showToast({ title: '已加入需求清单', icon: 'none' })
      onDone()
    }
  }
  return (
    <Sheet open title={fromOrderId ? '把服务单转为需求' : '新增需求'} id='sheet-need' onClose={onClose} footer={<SheetFoot busy={busy} onCancel={onClose} onOk={() => void ok()} okText='保存' />}>
      {fromOrderId && <View className='org-note'>服务单的类别和描述会作为需求内容，可在下面改写名称。</View>}
      <TextField name='needTitle' label='需求名称' required={!fromOrderId} value={title} maxlength={40} placeholder='如：老旧小区加装扶手' error={errors.title} onChange={setTitle} />
      {!fromOrderId && <TextField name='needCategory' label='类别' value={category} maxlength={20} placeholder='选填，如助老、环境' error={errors.category} onChange={setCategory} />}
      <TextAreaField name='needDetail' label='需求说明' value={detail} maxlength={500} rows={3} placeholder='选填：涉及多少居民、在哪里、希望怎样解决' error={errors.detail} onChange={setDetail} />
    </Sheet>
  )
}

/** 立项: a partner unit's resource for this need; the unit is responsible for the project. */
function ProjectSheet({ need, communityId, onClose, onDone }: { need: NeedView; communityId: string; onClose: () => void; onDone: () => void }) {
  const resources = useAsync(() => api.org.resources({ communityId, size: 50 }), [communityId])
  const [picked, setPicked] = useState<string>()
  const [plan, setPlan] = useState('')
  const [errors, setErrors] = useState<FieldErrors>({})
  const [busy, setBusy] = useState(false)
  const [key] = useState(newRequestKey)
  const items: ResourceView[] = resources.data?.items ?? []
  const chosen = items.find((r) => `${r.registrationId}:${r.id}` === picked)
  async function ok() {
    if (!chosen) return setErrors({ resourceId: '请选择共建单位的资源' })
    setBusy(true)
    const done = await submitForm(() => api.org.createProject({ requestKey: key, needId: need.id, registrationId: chosen.registrationId, resourceId: chosen.id, plan: plan.trim() || undefined }), setErrors)
    setBusy(false)
    if (done) {
      Taro.showToast({ title: '已立项', icon: 'success' })
      onDone()
    }
  }
  return (
    <Sheet open title={`立项：${need.title}`} id='sheet-project' onClose={onClose} footer={<SheetFoot busy={busy} onCancel={onClose} onOk={() => void ok()} okText='立项' />}>
      <Field label='共建单位的资源' required stacked error={errors.resourceId}>
        {resources.error ? (
          <ErrorState error={resources.error} onRetry={() => void resources.reload()} />
        ) : resources.loading && !resources.data ? (
          <Skeleton rows={2} />
        ) : items.length === 0 ? (
          <View className='org-note'>还没有共建单位的资源。单位报到审核通过后，它的资源会出现在这里。</View>
        ) : (
          <Chips
            id='project-resource'
            options={items.map((r) => ({ value: `${r.registrationId}:${r.id}`, label: `${r.unitName} · ${r.title}` }))}
            value={picked}
            onChange={setPicked}
          />
        )}
      </Field>
      {chosen && (
        <View className='org-card__meta'>
          <Tag tone='red'>{chosen.kind}</Tag> {chosen.detail ?? ''}
        </View>
      )}
      <TextAreaField name='projectPlan' label='实施计划' value={plan} maxlength={500} rows={3} placeholder='选填：时间、地点、分工' error={errors.plan} onChange={setPlan} />
    </Sheet>
  )
}
