import { PageContainer } from '../../components'
import { useAuthedSession } from '../../hooks/session'
import { usePullRefresh } from '../../hooks/usePullRefresh'

// The 活动 list arrives with its own calls in a later change; until then the screen says honestly that
// there is nothing here, and pull-to-refresh reloads who the person is (roles decide what they may see).
export default function Activities() {
  const session = useAuthedSession()
  usePullRefresh(session.refresh)
  return (
    <PageContainer
      loading={session.status === 'loading'}
      error={session.status === 'error' ? session.error : undefined}
      hasData={!!session.profile}
      onRetry={() => void session.refresh()}
      empty
      emptyProps={{ mark: '活', title: '暂无活动', description: '社区发布的志愿服务活动会出现在这里，届时可以报名参加。' }}
    />
  )
}
