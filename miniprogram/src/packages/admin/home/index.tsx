// Admin home (subpackage): where this person may act, read fresh from member.profile and named
// through member.orgTree, and the way to each management screen.
import Taro from '@tarojs/taro'
import { View } from '@tarojs/components'
import type { Grant } from '@shared/roles'
import type { OrgTree, ProfileView } from '@shared/contracts/member'
import { api } from '../../../api/client'
import { ROUTES } from '../../../api/routes'
import { Card, Cell, CellGroup, EmptyState, PageContainer, Skeleton, Tag } from '../../../components'
import { useAsync } from '../../../hooks/useAsync'
import { useAuthedSession } from '../../../hooks/session'
import { usePullRefresh } from '../../../hooks/usePullRefresh'
import { ADMIN_ROLES, isAdmin, roleLabel, roleTone, sortRoles } from '../../../utils/roles'
import './index.css'

/** 东港街道 · 东山社区 · 第一网格 (or 区税务局机关党支部), from the ids a grant carries. */
export function scopeName(g: Grant, tree?: OrgTree, names?: ProfileView['scopeNames']): string {
  const name = (list: { id: string; name: string }[] | undefined, id?: string) => (id ? list?.find((x) => x.id === id)?.name ?? id : undefined)
  const community = tree?.communities.find((c) => c.id === g.communityId)
  const parts = [
    name(tree?.streets, g.streetId ?? community?.streetId),
    name(tree?.communities, g.communityId),
    name(tree?.grids, g.gridId),
  ].filter(Boolean)
  // A unit or department is named by the profile; its id is never shown.
  if (g.unitId) parts.push(names?.units[g.unitId] ?? '本单位')
  if (g.departmentId) parts.push(names?.departments[g.departmentId] ?? '本部门')
  return parts.join(' · ') || '全部'
}

export default function AdminHome() {
  const session = useAuthedSession()
  const ready = session.status === 'ready'
  const data = useAsync(async () => {
    const [profile, tree] = await Promise.all([api.member.profile(), api.member.orgTree()])
    return { profile, tree }
  }, [], ready)
  usePullRefresh(data.reload)

  const profile = data.data?.profile
  const adminGrants = (profile?.grants ?? []).filter((g) => ADMIN_ROLES.includes(g.role))
  const managed = [...new Set(adminGrants.filter((g) => g.role === 'communityAdmin').map((g) => scopeName(g, data.data?.tree, profile?.scopeNames)))]

  return (
    <PageContainer
      loading={!ready || data.loading}
      error={session.status === 'error' ? session.error : data.error}
      hasData={!!data.data}
      onRetry={() => void data.reload()}
      skeleton={<Skeleton avatar rows={4} />}
    >
      {profile &&
        (isAdmin(profile.roles) ? (
          <View className='admin-home'>
            <Card className='admin-card'>
              <View className='admin-card__label'>您管理的范围</View>
              <View className='admin-card__scope'>{managed.length ? managed.join('、') : adminGrants[0] ? scopeName(adminGrants[0], data.data?.tree, profile.scopeNames) : profile.communityName ?? '—'}</View>
              <View className='admin-card__roles'>
                {sortRoles(profile.roles).map((r) => (
                  <Tag key={r} tone={roleTone(r)}>
                    {roleLabel(r)}
                  </Tag>
                ))}
              </View>
            </Card>
            <CellGroup title='事务处理'>
              <Cell title='服务单办理' label='群众点单的受理、派单、吹哨上报和办结归档' arrow onClick={() => Taro.navigateTo({ url: ROUTES.adminOrders })} />
              {profile.roles.some((r) => r === 'communityAdmin') && (
                <Cell title='报到审核' label='党员双报到和志愿者申请的审核、退回与撤销' arrow onClick={() => Taro.navigateTo({ url: ROUTES.reportQueue })} />
              )}
              {profile.roles.some((r) => r === 'communityAdmin' || r === 'unitAdmin') && (
                <Cell title='活动管理' label='发布志愿服务活动，签到码、报名名单、确认时长' arrow onClick={() => Taro.navigateTo({ url: ROUTES.activityManage })} />
              )}
              {profile.roles.some((r) => r === 'communityAdmin' || r === 'gridWorker') && (
                <Cell title='心愿审核' label='微心愿的审核、隐私编辑、撤销认领' arrow onClick={() => Taro.navigateTo({ url: ROUTES.wishReview })} />
              )}
            </CellGroup>
            <OrgCells roles={profile.roles} />
            <CellGroup title='我的管理权限'>
              {adminGrants.map((g, i) => (
                <Cell key={`${g.role}-${i}`} title={roleLabel(g.role)} label={scopeName(g, data.data?.tree, profile?.scopeNames)} />
              ))}
            </CellGroup>
          </View>
        ) : (
          <EmptyState mark='管' title='您还不是管理员' description='管理后台供社区党组织、街道党工委和单位党组织的工作人员使用。' />
        ))}
    </PageContainer>
  )
}

/** 组织与共建 (packages/org): the screens each admin role has there. */
function OrgCells({ roles }: { roles: string[] }) {
  const go = (url: string) => () => void Taro.navigateTo({ url })
  const street = roles.includes('streetAdmin')
  const community = roles.includes('communityAdmin')
  const unit = roles.includes('unitAdmin')
  return (
    <CellGroup title='组织与共建'>
      {street && <Cell title='组织架构' label='社区、网格、楼栋的新建、改名和撤销' arrow onClick={go(ROUTES.orgStructure)} />}
      {(street || community) && <Cell title='人员任命' label={street ? '网格员、社区党组织、职能部门、单位党组织、核销员' : '本社区的网格员、爱心超市核销员'} arrow onClick={go(ROUTES.orgStaff)} />}
      {(street || community) && <Cell title='共建单位审核' label='单位双报到的审核、退回和解除' arrow onClick={go(ROUTES.orgUnits)} />}
      {community && <Cell title='需求清单' label='居民需求登记，对接共建单位资源立项' arrow onClick={go(ROUTES.orgNeeds)} />}
      {(street || community || unit) && <Cell title='项目清单' label='认领 → 实施 → 完成' arrow onClick={go(ROUTES.orgProjects)} />}
      {unit && <Cell title='单位报到' label='向社区报到为共建单位，维护我们的资源' arrow onClick={go(ROUTES.orgUnit)} />}
      {unit && <Cell title='单位党员报到台账' label='本单位党员在哪报到、做了什么' arrow onClick={go(ROUTES.orgLedger)} />}
      {(street || community || unit) && <Cell title='党员名册' label={unit && !street && !community ? '本单位已报到的党员' : '已报到的党员和志愿者，按网格、技能查找'} arrow onClick={go(ROUTES.orgRoster)} />}
    </CellGroup>
  )
}
