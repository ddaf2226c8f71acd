// 记录核验: anyone (an employer, a school, a neighbour holding the paper) types the verification code of
// a 志愿服务记录 and sees whether it is one we issued, with the masked name, the organisation, the hours
// and the dates. A public page: it waits for no session and sends no one to log in (points.verifyRecord is
// a public call; the h5 gateway answers it without a token). A code in the link (?code=…) is checked at once.
import { useRouter } from '@tarojs/taro'
import { View } from '@tarojs/components'
import { useEffect, useState } from 'react'
import type { RecordCheckView } from '@shared/contracts/points'
import { api } from '../../../api/client'
import { toApiError, type ApiError } from '../../../api/errors'
import { Button, Card, Page, TextField } from '../../../components'
import '../points.css'

export default function VerifyRecord() {
  const params = useRouter().params as { code?: string }
  const [code, setCode] = useState(params.code ?? '')
  const [busy, setBusy] = useState(false)
  const [result, setResult] = useState<RecordCheckView>()
  const [error, setError] = useState<ApiError>()

  async function check(value = code) {
    setBusy(true)
    setError(undefined)
    setResult(undefined)
    try {
      setResult(await api.points.verifyRecord({ code: value.trim() }))
    } catch (e) {
      setError(toApiError(e))
    } finally {
      setBusy(false)
    }
  }

  useEffect(() => {
    if (params.code) void check(params.code)
    // once, for a code in the link
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [])

  const fieldError = error?.fields?.code
  return (
    <Page>
      <View className='lx-page__body'>
        <View className='pts-form' id='record-verify'>
          <TextField label='验证码' name='code' value={code} maxlength={16} onChange={setCode} placeholder='请输入记录上的验证码' error={fieldError} />
          <Button type='primary' block loading={busy} disabled={code.trim().length < 6} onClick={() => void check()}>
            查验
          </Button>
          <View className='pts-item__sub'>志愿服务记录上印有验证码，任何人无需登录即可在此查验记录的真实性。</View>
        </View>
        {error && !fieldError && (
          <View className='pts-form pts-minus' id='record-verify-error'>
            {error.message}
          </View>
        )}
        {result && !result.valid && (
          <Card title='查无此记录' extra={result.code}>
            <View className='pts-item__sub' id='record-verify-invalid'>
              未找到与该验证码对应的志愿服务记录，请核对验证码是否输入正确。
            </View>
          </Card>
        )}
        {result?.valid && (
          <Card title='记录真实有效' extra={`验证码 ${result.code}`}>
            <View id='record-verify-result'>
              <View className='pts-item'>
                <View>姓名</View>
                <View>{result.name}</View>
              </View>
              <View className='pts-item'>
                <View>组织</View>
                <View>{result.communityName}</View>
              </View>
              <View className='pts-item'>
                <View>累计服务时长</View>
                <View>
                  {result.confirmedHours} 小时 · {result.starLabel}
                </View>
              </View>
              <View className='pts-item'>
                <View>服务期间</View>
                <View>{result.from ? `${result.from} 至 ${result.to}` : '—'}</View>
              </View>
              <View className='pts-item'>
                <View>出具日期</View>
                <View>{result.issuedAt?.slice(0, 10)}</View>
              </View>
              {(result.items ?? []).map((it, i) => (
                <View key={i} className='pts-item'>
                  <View>
                    <View className='pts-item__note'>{it.date}</View>
                    <View className='pts-item__sub'>
                      {it.org}
                      {it.flagged ? ' · 管理员补录' : ''}
                    </View>
                  </View>
                  <View>{it.hours} 小时</View>
                </View>
              ))}
            </View>
          </Card>
        )}
      </View>
    </Page>
  )
}
