import Taro from '@tarojs/taro'
import { View } from '@tarojs/components'
import { Button, Card, PageContainer, Skeleton, Tag, Tile, TileGrid } from '../../components'
import { ROUTES } from '../../api/routes'
import { useAuthedSession } from '../../hooks/session'
import { usePullRefresh } from '../../hooks/usePullRefresh'
import { greeting } from '../../utils/time'
import { isAdmin, roleLabel, roleTone, sortRoles } from '../../utils/roles'
import './index.css'

export default function Home() {
  const session = useAuthedSession()
  usePullRefresh(session.refresh)
  const p = session.profile

  const hero = p && (
    <View className='home-hero'>
      <View className='home-hero__greet'>
        {greeting()}，{p.nickname || '邻居'}
      </View>
      <View className='home-hero__place'>{p.communityName ? `${p.communityName}${p.gridName ? ' · ' + p.gridName : ''}` : '尚未选择所在社区'}</View>
      <View className='home-hero__roles'>
        {sortRoles(p.roles).map((r) => (
          <Tag key={r} tone={roleTone(r) === 'gold' ? 'gold' : 'red'} solid={roleTone(r) === 'gold'}>
            {roleLabel(r)}
          </Tag>
        ))}
      </View>
    </View>
  )

  return (
    <PageContainer
      loading={session.status === 'loading'}
      error={session.status === 'error' ? session.error : undefined}
      hasData={!!p}
      onRetry={() => void session.refresh()}
      skeleton={<Skeleton avatar rows={3} />}
      header={hero}
    >
      {p && (
        <View className='home'>
          {!p.complete && (
            <Card className='home-notice'>
              <View className='home-notice__title'>请完善您的资料</View>
              <View className='home-notice__text'>选择您所在的社区后，才能点单、领取任务和报名社区活动。</View>
              <Button type='primary' size='small' onClick={() => Taro.navigateTo({ url: ROUTES.profile })}>
                去选择社区
              </Button>
            </Card>
          )}
          <View className='home-section'>常用</View>
          <TileGrid>
            <Tile mark='资' title='我的资料' desc='社区、联系方式' onClick={() => Taro.navigateTo({ url: ROUTES.profile })} />
            {isAdmin(p.roles) && (
              <Tile mark='管' tone='gold' title='管理后台' desc='本辖区事务' onClick={() => Taro.navigateTo({ url: ROUTES.adminHome })} />
            )}
          </TileGrid>
        </View>
      )}
    </PageContainer>
  )
}
