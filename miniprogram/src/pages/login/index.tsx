// h5 only: choose a demo identity from the local gateway (GET /dev/users, POST /dev/login). In the
// mini-program the cloud tells the functions who is calling, so there is nothing to choose.
import Taro from '@tarojs/taro'
import { Input, View } from '@tarojs/components'
import { useDeferredValue, useEffect, useState } from 'react'
import type { Role } from '@shared/roles'
import { devLogin, devUsers } from '../../api/dev'
import { toApiError } from '../../api/errors'
import { ROUTES } from '../../api/routes'
import { Button, CellGroup, EmptyState, ErrorState, Page, Skeleton, Tag, tappable } from '../../components'
import { useAsync } from '../../hooks/useAsync'
import { useSession } from '../../hooks/session'
import { roleLabel } from '../../utils/roles'
import { groupByRole } from './group'
import './index.css'

const OPENID = /^[A-Za-z0-9_-]{1,64}$/
/** What a role's group is for, where its name alone does not say it. */
const GROUP_NOTES: Partial<Record<Role, string>> = { storeVerifier: '爱心超市取货核销' }
const groupTitle = (role: Role) => (GROUP_NOTES[role] ? `${roleLabel(role)} · ${GROUP_NOTES[role]}` : roleLabel(role))

function H5Login() {
  const session = useSession()
  const users = useAsync(devUsers, [])
  // The people (some 70, each a dozen elements) render at low priority, so the page paints before them.
  const people = useDeferredValue(users.data)
  const [busy, setBusy] = useState<string | null>(null)
  const [openid, setOpenid] = useState('')
  const [openidError, setOpenidError] = useState('')
  // The first frame shows the title alone; the list and the form (an input web component) follow in the
  // next, so the page paints as early as a bare page does.
  const [settled, setSettled] = useState(false)
  useEffect(() => {
    const id = requestAnimationFrame(() => setSettled(true))
    return () => cancelAnimationFrame(id)
  }, [])

  async function loginAs(id: string) {
    if (busy) return
    setBusy(id)
    try {
      const token = await devLogin(id)
      await session.signIn(token)
      await Taro.switchTab({ url: ROUTES.home })
    } catch (e) {
      const message = toApiError(e).message
      // The toast's code loads on the first failure, not with the page (toast.ts); the h5 test keeps the
      // import out of the weapp build, where this component never renders.
      if (process.env.TARO_ENV === 'h5') void import('./toast').then((m) => m.toast(message))
    } finally {
      setBusy(null)
    }
  }

  function loginNew() {
    const id = openid.trim()
    if (!OPENID.test(id)) {
      setOpenidError(id ? '只能包含字母、数字、下划线和短横线，最多64位' : '请输入 openid')
      return
    }
    setOpenidError('')
    void loginAs(id)
  }

  let list
  if (users.error && !users.data) list = <ErrorState error={users.error} onRetry={() => void users.reload()} />
  else if (!people && (users.loading || users.data)) list = <Skeleton rows={5} />
  else if (!people?.length) list = <EmptyState mark='人' title='暂无演示账号' description='本地服务还没有准备演示数据，可以在下方输入一个新的 openid 登录。' />
  else
    list = groupByRole(people).map((g) => (
      <CellGroup key={g.role} title={groupTitle(g.role)}>
        {g.users.map((u) => (
          <View key={u.openid} id={`login-${u.openid}`} className='login-user' hoverClass='lx-cell--hover' {...tappable('button')} onClick={() => void loginAs(u.openid)}>
            <View className='login-user__avatar' aria-hidden='true'>{Array.from(u.name || '?')[0]}</View>
            <View className='login-user__main'>
              <View className='login-user__name'>{u.name}</View>
              <View className='login-user__meta'>
                {u.communityName && <View className='login-user__community'>{u.communityName}</View>}
                {(u.roleLabels?.length ? u.roleLabels : u.roles.map(roleLabel)).map((l) => (
                  <Tag key={l} tone='gray'>
                    {l}
                  </Tag>
                ))}
              </View>
            </View>
            <View className='login-user__go'>{busy === u.openid ? '登录中…' : '登录'}</View>
          </View>
        ))}
      </CellGroup>
    ))

  return (
    <Page className='login'>
      <View className='login-hero'>
        <View className='login-hero__title'>连心桥</View>
        <View className='login-hero__sub'>党建引领 · 社区服务</View>
        <View className='login-hero__note'>本地演示环境：选择一个身份登录</View>
      </View>
      {settled && (
      <View className='lx-page__body'>
        {list}
        <CellGroup title='以新用户身份登录'>
          <View className='login-new'>
            <Input
              className='login-new__input'
              id='login-openid'
              value={openid}
              maxlength={64}
              placeholder='输入任意 openid，新用户为普通居民'
              placeholderClass='lx-input__placeholder'
              nativeProps={{ 'aria-label': '新用户的 openid' }}
              onInput={(e) => {
                setOpenid(e.detail.value)
                setOpenidError('')
              }}
              onConfirm={loginNew}
            />
            <Button type='primary' size='small' loading={busy === openid.trim() && !!busy} onClick={loginNew}>
              登录
            </Button>
          </View>
          {openidError && (
            <View className='login-new__error' role='alert'>
              {openidError}
            </View>
          )}
        </CellGroup>
      </View>
      )}
    </Page>
  )
}

export default function Login() {
  if (process.env.TARO_ENV === 'h5') return <H5Login />
  return (
    <Page>
      <EmptyState
        mark='桥'
        title='已自动登录'
        description='在微信中打开时会自动识别您的身份。'
        action={
          <Button type='primary' onClick={() => Taro.switchTab({ url: ROUTES.home })}>
            返回首页
          </Button>
        }
      />
    </Page>
  )
}
