import Taro from '@tarojs/taro'
import { View } from '@tarojs/components'
import { useEffect, useState } from 'react'
import { api } from '../../api/client'
import { toApiError } from '../../api/errors'
import { Button, CellGroup, PageContainer, PickerField, Skeleton, TextField } from '../../components'
import { useAsync } from '../../hooks/useAsync'
import { useAuthedSession } from '../../hooks/session'
import { formFromProfile, optionsOf, pick, toInput, validate, type FieldErrors, type ProfileForm } from './form'
import './index.css'

export default function Profile() {
  const session = useAuthedSession()
  const tree = useAsync(() => api.member.orgTree(), [], session.status === 'ready')
  const [form, setForm] = useState<ProfileForm | null>(session.profile ? formFromProfile(session.profile) : null)
  const [errors, setErrors] = useState<FieldErrors>({})
  const [saving, setSaving] = useState(false)

  // The profile may arrive after the page opens (h5 reload straight onto this page).
  useEffect(() => {
    if (!form && session.profile) setForm(formFromProfile(session.profile))
  }, [form, session.profile])

  function set<K extends keyof ProfileForm>(key: K, value: ProfileForm[K]) {
    setForm((f) => (f ? { ...f, [key]: value } : f))
    setErrors((e) => ({ ...e, [key]: undefined }))
  }

  function choose(level: 'communityId' | 'gridId' | 'buildingId', id: string) {
    setForm((f) => (f ? pick(f, level, id, tree.data) : f))
    setErrors((e) => ({ ...e, [level]: undefined }))
  }

  async function save() {
    if (!form || saving) return
    const found = validate(form)
    if (Object.values(found).some(Boolean)) {
      setErrors(found)
      return
    }
    setSaving(true)
    try {
      const profile = await api.member.updateProfile(toInput(form))
      session.setProfile(profile)
      setErrors({})
      Taro.showToast({ title: '已保存', icon: 'success' })
      if (Taro.getCurrentPages().length > 1) setTimeout(() => Taro.navigateBack(), 800)
    } catch (e) {
      const err = toApiError(e)
      if (err.fields) setErrors(err.fields)
      Taro.showToast({ title: err.message, icon: 'none' })
    } finally {
      setSaving(false)
    }
  }

  const loading = session.status === 'loading' || tree.loading
  const error = session.status === 'error' ? session.error : tree.error
  const opts = form ? optionsOf(tree.data, form) : null

  return (
    <PageContainer
      loading={loading}
      error={error}
      hasData={!!form && !!tree.data}
      onRetry={() => void (session.status === 'error' ? session.refresh() : tree.reload())}
      skeleton={<Skeleton rows={6} />}
    >
      {form && opts && (
        <View className='profile-form'>
          <CellGroup title='基本信息'>
            <TextField name='nickname' label='昵称' required value={form.nickname} maxlength={20} placeholder='邻居们怎么称呼您' error={errors.nickname} onChange={(v) => set('nickname', v)} />
            <TextField name='realName' label='真实姓名' value={form.realName} maxlength={20} placeholder='仅社区工作人员可见' error={errors.realName} onChange={(v) => set('realName', v)} />
            <TextField name='phone' label='手机号' type='number' value={form.phone} maxlength={11} placeholder='便于社区联系您' error={errors.phone} onChange={(v) => set('phone', v)} />
          </CellGroup>
          <CellGroup title='所在社区'>
            <PickerField name='communityId' label='社区' required options={opts.communities} value={form.communityId} placeholder='请选择社区' emptyText='暂无可选社区' error={errors.communityId} onChange={(id) => choose('communityId', id)} />
            <PickerField
              name='gridId'
              label='网格'
              options={opts.grids}
              value={form.gridId}
              placeholder={form.communityId ? '请选择网格' : '请先选择社区'}
              emptyText={form.communityId ? '该社区暂无网格' : '请先选择社区'}
              error={errors.gridId}
              onChange={(id) => choose('gridId', id)}
            />
            <PickerField
              name='buildingId'
              label='楼栋'
              options={opts.buildings}
              value={form.buildingId}
              placeholder={form.gridId ? '请选择楼栋' : '请先选择网格'}
              emptyText={form.gridId ? '该网格暂无楼栋' : '请先选择网格'}
              error={errors.buildingId}
              onChange={(id) => choose('buildingId', id)}
            />
            <TextField name='room' label='门牌号' value={form.room} maxlength={20} placeholder='如 2单元301' error={errors.room} onChange={(v) => set('room', v)} />
          </CellGroup>
          <View className='profile-note'>姓名、手机号和门牌号只给本社区工作人员和正在为您服务的人看到。</View>
          <View className='profile-actions'>
            <Button type='primary' size='large' block loading={saving} onClick={() => void save()}>
              {saving ? '正在保存' : '保存'}
            </Button>
          </View>
        </View>
      )}
    </PageContainer>
  )
}
