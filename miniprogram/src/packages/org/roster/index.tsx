// 党员名册 (member.roster): the approved party members and volunteers of a community — its admins', and a
// street admin's for each community of the street — or of a unit, wherever its members reported (the unit
// admin's). Filtered by grid and by skill, paged. The server masks the phone for everyone but the admins
// of the member's community; a masked phone is shown as it came, an unmasked one can be called.
import Taro, { useReachBottom } from '@tarojs/taro'
import { View } from '@tarojs/components'
import { useState } from 'react'
import type { RosterItem } from '@shared/contracts/member'
import { AVAILABILITY_SLOTS, DAY_PART_LABELS, DEFAULT_SKILLS, WEEK_DAY_LABELS, type AvailabilitySlot } from '@shared/members/model'
import { api } from '../../../api/client'
import { Card, Chips, LoadMore, PageContainer, Skeleton, Tag, tappable } from '../../../components'
import { useAsync } from '../../../hooks/useAsync'
import { useAuthedSession } from '../../../hooks/session'
import { usePaged } from '../../../hooks/usePaged'
import { usePullRefresh } from '../../../hooks/usePullRefresh'
import { day } from '../common'
import { adminCommunities } from '../scope'
import '../org.css'

/** Whose roster: `c:<communityId>` or `u:<unitId>`. */
type Key = `c:${string}` | `u:${string}`
const ALL = ''

function slots(list: readonly AvailabilitySlot[]): string {
  return AVAILABILITY_SLOTS.filter((s) => list.includes(s))
    .map((s) => {
      const [d, p] = s.split('-') as [keyof typeof WEEK_DAY_LABELS, keyof typeof DAY_PART_LABELS]
      return `${WEEK_DAY_LABELS[d]}${DAY_PART_LABELS[p]}`
    })
    .join('、')
}

export default function Roster() {
  const session = useAuthedSession()
  const ready = session.status === 'ready'
  const profile = session.profile
  // The rosters this person may open: their communities (a street admin: the street's), then their units.
  const scopes = useAsync(async () => {
    const communities = (await adminCommunities(profile)).map((c) => ({ value: `c:${c.id}` as Key, label: c.name }))
    const unitIds = [...new Set((profile?.grants ?? []).filter((g) => g.role === 'unitAdmin' && g.unitId).map((g) => g.unitId!))]
    const units = await Promise.all(unitIds.map(async (id) => ({ value: `u:${id}` as Key, label: (await api.org.myUnit({ unitId: id })).unit.name })))
    const tree = communities.length ? await api.member.orgTree({}) : undefined
    return { options: [...communities, ...units], grids: tree?.grids ?? [] }
  }, [], ready)
  const [picked, setPicked] = useState<Key>()
  const key = picked ?? scopes.data?.options[0]?.value
  const communityId = key?.startsWith('c:') ? key.slice(2) : undefined
  const unitId = key?.startsWith('u:') ? key.slice(2) : undefined
  const [gridId, setGridId] = useState(ALL)
  const [skill, setSkill] = useState(ALL)
  const skills = useAsync(async () => (communityId ? (await api.member.reportOptions({ communityId })).skills : [...DEFAULT_SKILLS]), [communityId], ready && !!key)

  const list = usePaged(
    (cursor) => api.member.roster({ ...(unitId ? { unitId } : { communityId }), ...(gridId ? { gridId } : {}), ...(skill ? { skill } : {}), cursor, size: 20 }),
    [key, gridId, skill],
    ready && !!key,
  )
  usePullRefresh(async () => {
    await Promise.all([scopes.reload(), list.reload()])
  })
  useReachBottom(() => void list.loadMore())

  function pick(k: Key) {
    setPicked(k)
    setGridId(ALL)
    setSkill(ALL)
  }

  const grids = communityId ? (scopes.data?.grids ?? []).filter((g) => g.communityId === communityId) : []
  const none = scopes.data && scopes.data.options.length === 0
  const filtered = !!gridId || !!skill
  return (
    <PageContainer
      loading={!ready || scopes.loading || (!!key && list.loading && !list.loaded)}
      error={session.status === 'error' ? session.error : scopes.error ?? list.error}
      hasData={list.loaded}
      onRetry={() => void (session.status === 'error' ? session.refresh() : scopes.error ? scopes.reload() : list.reload())}
      skeleton={<Skeleton rows={5} />}
      empty={none || (list.loaded && list.items.length === 0)}
      emptyProps={
        none
          ? { mark: '管', title: '您没有可查看的名册', description: '党员名册供社区党组织、街道党工委和单位党组织查看。' }
          : { mark: '党', title: filtered ? '没有符合条件的党员' : '名册里还没有人', description: filtered ? '换个网格或技能试试。' : '党员双报到和志愿者申请审核通过后，会出现在这里。' }
      }
      header={
        <View className='org-toolbar roster-filters' id='roster-filters'>
          {(scopes.data?.options.length ?? 0) > 1 && <Chips id='roster-scope' options={scopes.data!.options} value={key} onChange={pick} />}
          {grids.length > 1 && (
            <Chips id='roster-grid' options={[{ value: ALL, label: '全部网格' }, ...grids.map((g) => ({ value: g.id, label: g.name }))]} value={gridId} onChange={setGridId} />
          )}
          {!!skills.data?.length && <Chips id='roster-skill' options={[{ value: ALL, label: '全部技能' }, ...skills.data.map((s) => ({ value: s, label: s }))]} value={skill} onChange={setSkill} />}
        </View>
      }
    >
      <View className='org-list' id='roster'>
        {list.items.map((m) => (
          <Member key={m.id} m={m} showCommunity={!!unitId || (scopes.data?.options.length ?? 0) > 1} />
        ))}
        <LoadMore count={list.items.length} hasMore={list.hasMore} loading={list.loadingMore} error={list.moreError} onMore={() => void list.loadMore()} />
      </View>
    </PageContainer>
  )
}

function Member({ m, showCommunity }: { m: RosterItem; showCommunity: boolean }) {
  const call = !m.masked && m.phone ? () => void Taro.makePhoneCall({ phoneNumber: m.phone! }).catch(() => undefined) : undefined
  return (
    <Card
      className='org-card roster-item'
      title={m.realName}
      extra={<Tag tone={m.type === 'member' ? 'red' : 'gray'}>{m.type === 'member' ? '党员' : '志愿者'}</Tag>}
    >
      <View className='org-card__meta'>
        {[showCommunity ? m.communityName : undefined, m.gridName].filter(Boolean).join(' · ')}
        {m.approvedAt ? ` · ${day(m.approvedAt)} 通过` : ''}
      </View>
      {(m.unitName || m.branch) && <View className='org-card__meta'>{[m.unitName, m.branch].filter(Boolean).join(' · ')}</View>}
      <View className='org-card__meta'>技能：{m.skills.join('、')}</View>
      {m.availability.length > 0 && <View className='org-card__meta'>可服务：{slots(m.availability)}</View>}
      {m.phone && (
        <View className={call ? 'org-link roster-phone' : 'org-card__meta roster-phone'} {...(call ? tappable('button') : {})} onClick={call}>
          电话：{m.phone}
        </View>
      )}
    </Card>
  )
}
