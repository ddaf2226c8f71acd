// 人员任命: find a person by phone, see the roles they hold, give one (grid worker of a grid, admin of a
// community, a department or unit of the street) with a reason, or take one away (reason, then a
// confirm). A street admin gives every staff role of the street; a community admin its grid workers and the
// 核销员 of its 爱心超市.
import Taro from '@tarojs/taro'
import { View } from '@tarojs/components'
import { useMemo, useState } from 'react'
import { orgApi, type GrantView, type PersonView, type StaffRole } from '@shared/contracts/org'
import { ASSIGNABLE } from '@shared/permissions'
import { ROLE_LABELS } from '@shared/roles'
import { api } from '../../../api/client'
import { Button, Card, Chips, Field, PageContainer, PhoneLink, PickerField, Skeleton, Tag, TextAreaField, TextField, tappable } from '../../../components'
import { useAsync } from '../../../hooks/useAsync'
import { useAuthedSession } from '../../../hooks/session'
import { confirmModal, hasErrors, submitForm, validate, type FieldErrors } from '../../../utils/forms'
import { ReasonSheet, run } from '../common'
import '../org.css'

type Option = { id: string; name: string }
interface Scopes {
  communities: Option[]
  grids: (Option & { communityId: string })[]
  departments: Option[]
  units: Option[]
}

const SCOPE_LABEL: Record<StaffRole, string> = { gridWorker: '网格', communityAdmin: '社区', department: '职能部门', unitAdmin: '单位', storeVerifier: '社区' }

export default function Staff() {
  const session = useAuthedSession()
  const ready = session.status === 'ready'
  const p = session.profile
  const roles = useMemo(() => [...new Set((p?.roles ?? []).flatMap((r) => ASSIGNABLE[r] ?? []))] as StaffRole[], [p])
  const scopes = useAsync<Scopes>(async () => {
    if (p?.roles.includes('streetAdmin')) {
      const t = await api.org.tree({})
      return {
        communities: t.communities.filter((c) => !c.retired),
        // Grouped by community (a new grid right after its community's others), as the wheel reads best.
        grids: t.grids
          .filter((g) => !g.retired)
          .map((g, i) => ({ g, i, c: t.communities.findIndex((c) => c.id === g.parentId) }))
          .sort((a, b) => a.c - b.c || a.i - b.i)
          .map(({ g }) => ({ id: g.id, name: `${t.communities.find((c) => c.id === g.parentId)?.name ?? ''} · ${g.name}`, communityId: g.parentId })),
        departments: t.departments,
        units: t.units,
      }
    }
    const own = (p?.grants ?? []).filter((g) => g.role === 'communityAdmin').map((g) => g.communityId)
    const t = await api.member.orgTree({})
    return { communities: t.communities.filter((c) => own.includes(c.id)), grids: t.grids.filter((g) => own.includes(g.communityId)), departments: [], units: [] }
  }, [], ready)

  const [phone, setPhone] = useState('')
  const [person, setPerson] = useState<PersonView>()
  const [searching, setSearching] = useState(false)
  const [searchError, setSearchError] = useState<string>()
  const [role, setRole] = useState<StaffRole>()
  const [scopeId, setScopeId] = useState('')
  const [reason, setReason] = useState('')
  const [errors, setErrors] = useState<FieldErrors>({})
  const [busy, setBusy] = useState(false)
  const [revoking, setRevoking] = useState<GrantView>()
  const chosenRole = role ?? roles[0]

  async function search() {
    if (!/^1\d{10}$/.test(phone)) return setSearchError('请输入11位手机号')
    setSearching(true)
    setSearchError(undefined)
    try {
      setPerson(await api.org.findPerson({ phone }))
    } catch (e) {
      setPerson(undefined)
      setSearchError((e as Error).message)
    } finally {
      setSearching(false)
    }
  }

  const options: Option[] = !scopes.data ? [] : chosenRole === 'gridWorker' ? scopes.data.grids : chosenRole === 'communityAdmin' || chosenRole === 'storeVerifier' ? scopes.data.communities : chosenRole === 'department' ? scopes.data.departments : scopes.data.units

  async function assign() {
    if (!person || !chosenRole) return
    const input = { userId: person.id, role: chosenRole, scopeId, reason }
    const found = validate(orgApi.assign, input)
    if (!scopeId) found.scopeId = `请选择${SCOPE_LABEL[chosenRole]}`
    if (hasErrors(found)) return setErrors(found)
    setBusy(true)
    const done = await submitForm(() => api.org.assign(input), setErrors)
    setBusy(false)
    if (done) {
      setPerson(done)
      setReason('')
      Taro.showToast({ title: '已任命', icon: 'success' })
    }
  }

  const scopeIdOf = (g: GrantView) => (g.role === 'gridWorker' ? g.gridId : g.role === 'communityAdmin' || g.role === 'storeVerifier' ? g.communityId : g.role === 'department' ? g.departmentId : g.unitId)

  return (
    <PageContainer loading={!ready || scopes.loading} error={session.status === 'error' ? session.error : scopes.error} hasData={!!scopes.data} onRetry={() => void scopes.reload()} skeleton={<Skeleton rows={4} />}>
      <View className='org-list' id='staff'>
        <Card className='org-card' title='查找人员'>
          <TextField name='personPhone' label='手机号' type='number' value={phone} maxlength={11} placeholder='对方登记的手机号' error={searchError} onChange={setPhone} />
          <View className='org-actions'>
            <Button type='primary' size='small' loading={searching} onClick={() => void search()}>
              查找
            </Button>
          </View>
        </Card>
        {person && (
          <Card className='org-card staff-person' title={person.name} extra={person.phone ? <PhoneLink className='org-card__meta' phone={person.phone} name={person.name} /> : undefined}>
            <View className='org-card__meta'>居住社区：{person.communityName ?? '未填写'}</View>
            <View className='org-res'>
              {person.grants.length === 0 && <View className='org-note'>目前没有任何任命</View>}
              {person.grants.map((g, i) => (
                <View key={i} className='org-card__row staff-grant'>
                  <View>
                    <Tag tone='gold'>{g.label}</Tag> {g.scopeName}
                  </View>
                  {(roles as string[]).includes(g.role) && (
                    <View className='org-link' {...tappable('button')} onClick={() => setRevoking(g)}>
                      撤销
                    </View>
                  )}
                </View>
              ))}
            </View>
          </Card>
        )}
        {person && roles.length > 0 && (
          <Card className='org-card' title='新的任命'>
            <Field label='角色' required stacked>
              <Chips
                id='assign-role'
                options={roles.map((r) => ({ value: r, label: ROLE_LABELS[r] }))}
                value={chosenRole}
                onChange={(r) => {
                  setRole(r)
                  setScopeId('')
                }}
              />
            </Field>
            {chosenRole && <PickerField name='scopeId' label={SCOPE_LABEL[chosenRole]} required options={options} value={scopeId} onChange={setScopeId} placeholder={`请选择${SCOPE_LABEL[chosenRole]}`} emptyText='没有可选的' error={errors.scopeId} />}
            <TextAreaField name='assignReason' label='任命理由' required value={reason} maxlength={200} rows={2} placeholder='如：社区推荐、换届' error={errors.reason} onChange={setReason} />
            <View className='org-actions'>
              <Button type='primary' loading={busy} onClick={() => void assign()}>
                任命
              </Button>
            </View>
          </Card>
        )}
      </View>
      <ReasonSheet
        open={!!revoking}
        title={`撤销${revoking?.label ?? ''}任命`}
        label='撤销原因'
        okText='撤销'
        onClose={() => setRevoking(undefined)}
        onOk={async (text) => {
          if (!revoking || !person) return false
          if (!(await confirmModal({ title: '确认撤销', content: `撤销${person.name}的${revoking.label}（${revoking.scopeName}）任命？`, confirmText: '撤销', danger: true }))) return false
          const out = await run(() => api.org.revoke({ userId: person.id, role: revoking.role as StaffRole, scopeId: scopeIdOf(revoking)!, reason: text }), '已撤销')
          if (out) {
            setPerson(out)
            setRevoking(undefined)
          }
          return !!out
        }}
      />
    </PageContainer>
  )
}
