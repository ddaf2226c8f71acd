import { PageContainer } from '../../components'
import { useAuthedSession } from '../../hooks/session'
import { usePullRefresh } from '../../hooks/usePullRefresh'

// The 任务 list arrives with its own calls in a later change; until then the screen says honestly that
// there is nothing here, and pull-to-refresh reloads who the person is (roles decide what they may see).
export default function Tasks() {
  const session = useAuthedSession()
  usePullRefresh(session.refresh)
  return (
    <PageContainer
      loading={session.status === 'loading'}
      error={session.status === 'error' ? session.error : undefined}
      hasData={!!session.profile}
      onRetry={() => void session.refresh()}
      empty
      emptyProps={{ mark: '任', title: '暂无任务', description: '社区发布的服务任务会出现在这里，党员和志愿者可以领取。' }}
    />
  )
}
