import Taro from '@tarojs/taro'
import { View } from '@tarojs/components'
import { Button, Cell, CellGroup, PageContainer, Skeleton, Tag } from '../../components'
import { LargeTextSwitch } from '../../components/LargeTextSwitch'
import { api } from '../../api/client'
import { toApiError } from '../../api/errors'
import { ROUTES } from '../../api/routes'
import { useAsync } from '../../hooks/useAsync'
import { useAuthedSession } from '../../hooks/session'
import { usePullRefresh } from '../../hooks/usePullRefresh'
import { useUnread } from '../../hooks/useUnread'
import { addressLine, initialOf, maskPhone } from '../../utils/format'
import { isAdmin, isWorkAccount, roleLabel, roleTone, sortRoles, workplaceOf } from '../../utils/roles'
import './index.css'

export default function Mine() {
  const session = useAuthedSession()
  const unread = useUnread(session.status === 'ready')
  const p = session.profile
  // A street, department or unit account: no points, 双报到 or community to choose (utils/roles).
  const work = isWorkAccount(p)
  const points = useAsync(() => api.points.balance({}), [], session.status === 'ready' && !work)
  usePullRefresh(async () => {
    await Promise.all([session.refresh(), unread.refresh(), work ? undefined : points.reload()])
  })

  async function logout() {
    const res = await Taro.showModal({
      title: '退出登录',
      content: '退出后需要重新选择身份登录，确定退出吗？',
      confirmText: '退出',
      confirmColor: '#C8161D',
      cancelText: '取消',
    })
    if (res.confirm) session.signOut()
  }

  async function deleteAccount() {
    const res = await Taro.showModal({
      title: '注销账号',
      content: '注销后，您的姓名、手机号、住址、报到信息和消息将被删除，服务记录匿名保留，且无法恢复。确定注销吗？',
      confirmText: '注销',
      confirmColor: '#C8161D',
      cancelText: '取消',
    })
    if (!res.confirm) return
    try {
      await api.member.deleteAccount({ confirm: true })
      Taro.showToast({ title: '账号已注销', icon: 'none' })
      session.signOut()
    } catch (e) {
      Taro.showToast({ title: toApiError(e).message, icon: 'none' })
    }
  }

  const header = p && (
    <View className='mine-head'>
      <View className='mine-head__avatar'>{initialOf(p.realName || p.nickname)}</View>
      <View className='mine-head__info'>
        <View className='mine-head__name'>
          {p.nickname || '未设置昵称'}
          {p.realName && p.realName !== p.nickname && <View className='mine-head__real'>{p.realName}</View>}
        </View>
        <View className='mine-head__line'>{p.phone ? maskPhone(p.phone) : '未填写手机号'}</View>
        <View className='mine-head__line'>{addressLine(p) || (work ? workplaceOf(p) : '尚未选择所在社区')}</View>
      </View>
    </View>
  )

  return (
    <PageContainer
      loading={session.status === 'loading'}
      error={session.status === 'error' ? session.error : undefined}
      hasData={!!p}
      onRetry={() => void session.refresh()}
      skeleton={<Skeleton avatar rows={4} />}
      header={header}
    >
      {p && (
        <View className='mine'>
          <CellGroup title='我的身份'>
            <View className='mine-roles'>
              {sortRoles(p.roles).map((r) => (
                <Tag key={r} tone={roleTone(r)}>
                  {roleLabel(r)}
                </Tag>
              ))}
            </View>
          </CellGroup>
          <CellGroup title='消息'>
            <Cell
              title='我的消息'
              label='受理、领单、到期提醒'
              value={unread.count > 0 && <Tag tone='red' solid>{unread.count > 99 ? '99+' : `${unread.count}条未读`}</Tag>}
              arrow
              onClick={() => Taro.navigateTo({ url: ROUTES.inbox })}
            />
          </CellGroup>
          {!work && (
          <CellGroup title='积分与服务'>
            <Cell
              title='我的积分'
              label={points.data ? `${points.data.hours} 小时 · ${points.data.star.label}${points.data.star.nextLabel ? ` · 距${points.data.star.nextLabel}${points.data.star.toNext}小时` : ''}` : '积分、服务时长、星级与服务记录'}
              value={points.data && <Tag tone='red'>{`${points.data.points} 积分`}</Tag>}
              arrow
              onClick={() => Taro.navigateTo({ url: ROUTES.pointsMine })}
            />
            <Cell title='爱心超市' label='用积分兑换物品' arrow onClick={() => Taro.navigateTo({ url: ROUTES.pointsStore })} />
            <Cell title='排行榜' label='本月、本年的服务积分排名' arrow onClick={() => Taro.navigateTo({ url: ROUTES.pointsRanking })} />
            {p.roles.includes('communityAdmin') ? (
              <Cell title='爱心超市管理' label='商品、核销、兑换记录' arrow onClick={() => Taro.navigateTo({ url: ROUTES.pointsAdmin })} />
            ) : (
              p.roles.includes('storeVerifier') && <Cell title='爱心超市核销' label='凭取货码核销兑换' arrow onClick={() => Taro.navigateTo({ url: ROUTES.pointsAdmin })} />
            )}
          </CellGroup>
          )}
          {!work && (
          <CellGroup title='双报到与志愿服务'>
            <Cell title='我的活动' label='报名的志愿服务活动、签到和时长' arrow onClick={() => Taro.navigateTo({ url: ROUTES.activityMine })} />
            <Cell
              title={p.roles.includes('member') ? '我的双报到' : p.roles.includes('volunteer') ? '我的志愿者登记' : '党员双报到 / 申请志愿者'}
              label='向居住的社区报到，领取服务任务'
              value={p.roles.includes('member') ? <Tag tone='red' solid>党员</Tag> : undefined}
              arrow
              onClick={() => Taro.navigateTo({ url: ROUTES.reportStatus })}
            />
          </CellGroup>
          )}
          <CellGroup title='资料与设置'>
            <Cell
              title='编辑资料'
              label={p.complete ? '昵称、姓名、手机号、所在社区' : work ? '昵称、姓名、手机号' : '请选择所在社区'}
              value={!p.complete && !work && <Tag tone='red'>待完善</Tag>}
              arrow
              onClick={() => Taro.navigateTo({ url: ROUTES.profile })}
            />
            <LargeTextSwitch />
            {isAdmin(p.roles) && <Cell title='管理后台' label='本辖区的事务管理' arrow onClick={() => Taro.navigateTo({ url: ROUTES.adminHome })} />}
            <Cell title='注销账号' label='删除您的个人信息，积分和服务记录匿名保留' arrow onClick={() => void deleteAccount()} />
          </CellGroup>
          {process.env.TARO_ENV === 'h5' && (
            <View className='mine-logout'>
              <Button type='danger' block onClick={() => void logout()}>
                退出登录
              </Button>
            </View>
          )}
        </View>
      )}
    </PageContainer>
  )
}
