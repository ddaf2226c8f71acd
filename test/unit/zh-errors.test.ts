import { z } from 'zod'
import { memberApi } from '../../shared/contracts/member'
import { ERROR_CODES, REASONS } from '../../shared/errors'
import { CODE_MESSAGES, REASON_MESSAGES } from '../../shared/messages'
import { fieldErrors } from '../../shared/zh-errors'

it('every reason belongs to the closed code set and has a Chinese sentence', () => {
  for (const [reason, code] of Object.entries(REASONS)) {
    expect(ERROR_CODES).toContain(code)
    expect(REASON_MESSAGES[reason as keyof typeof REASONS]).toMatch(/[\u4e00-\u9fa5]/)
  }
  for (const code of ERROR_CODES) expect(CODE_MESSAGES[code]).toMatch(/[\u4e00-\u9fa5]/)
})

it('zod failures read in Chinese, field by field', () => {
  const r = memberApi.updateProfile.input.safeParse({ phone: '1', room: 'x'.repeat(21), extra: 1 })
  expect(r.success).toBe(false)
  if (r.success) return
  expect(fieldErrors(r.error)).toEqual({ phone: '请输入11位手机号', room: '门牌号最多20个字', _: '不认识的字段：extra' })
  const s = z.object({ n: z.number().max(3), list: z.array(z.string()).min(1) }).safeParse({ list: [] })
  expect(!s.success && fieldErrors(s.error)).toEqual({ n: '此项必填', list: '至少选择1项' })
})

it('says what is wrong: an empty number, and a phone number of 11 digits that does not start with 1', () => {
  const n = z.object({ points: z.number().int() }).safeParse({ points: Number.NaN })
  expect(!n.success && fieldErrors(n.error)).toEqual({ points: '请填写数字' })
  const phone = (p: string) => {
    const r = memberApi.updateProfile.input.safeParse({ phone: p })
    return r.success ? undefined : fieldErrors(r.error).phone
  }
  expect(phone('23800000000')).toBe('手机号应以1开头')
  expect(phone('1380000000x')).toBe('手机号只能是数字')
  expect(phone('1380000')).toBe('请输入11位手机号')
  expect(phone('13800000000')).toBeUndefined()
})
