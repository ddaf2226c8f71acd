// The input rules in shared/schemas.ts: real instants and days only, exact steps, text that is really
// there. Each case is one a client could send today.
import { memberApi } from '../../shared/contracts/member'
import { fieldErrors } from '../../shared/zh-errors'
import {
  cleanText,
  day,
  hours,
  id,
  instant,
  onStep,
  optionalText,
  parseDay,
  parseInstant,
  personName,
  steppedNumber,
  text,
  visibleLength,
} from '../../shared/schemas'

describe('instants', () => {
  it.each([
    ['2026-11-24T10:00:00+08:00', Date.parse('2026-11-24T02:00:00Z')],
    ['2026-11-24T10:00+08:00', Date.parse('2026-11-24T02:00:00Z')],
    ['2026-11-24T10:00:00.123Z', Date.parse('2026-11-24T10:00:00.123Z')],
    ['2026-11-24T10:00:00.123456789Z', Date.parse('2026-11-24T10:00:00.123Z')],
    ['2026-11-24T10:00:00+0800', Date.parse('2026-11-24T02:00:00Z')],
    ['2026-11-24T10:00:00+08', Date.parse('2026-11-24T02:00:00Z')],
    ['2026-11-24T10:00:00-05:30', Date.parse('2026-11-24T15:30:00Z')],
    ['2026-11-24T10:00:00+14:00', Date.parse('2026-11-23T20:00:00Z')],
    ['2026-11-24T10:00:00-12:00', Date.parse('2026-11-24T22:00:00Z')],
    ['2028-02-29T00:00:00Z', Date.parse('2028-02-29T00:00:00Z')],
    ['2000-02-29T23:59:59Z', Date.parse('2000-02-29T23:59:59Z')],
    ['0099-01-01T00:00:00Z', Date.parse('0099-01-01T00:00:00Z')], // not 1999: Date.UTC's two-digit years
  ])('%s is the instant %d', (s, ms) => {
    expect(parseInstant(s)).toBe(ms)
    expect(instant().safeParse(s)).toEqual({ success: true, data: s }) // kept as given
  })

  it.each([
    '2026-11-24T10:00:00+99:99',
    '2026-11-24T10:00:00+2400',
    '2026-11-24T10:00:00+15:00',
    '2026-11-24T10:00:00+14:01',
    '2026-11-24T10:00:00-14:30',
    '2026-11-24T10:00:00+08:60',
    '2026-11-24T10:00:00+8:00',
    '2026-02-29T10:00:00Z', // 2026 is a common year
    '2100-02-29T10:00:00Z', // so is 2100
    '2026-02-30T10:00:00Z',
    '2026-04-31T10:00:00Z',
    '2026-13-01T10:00:00Z',
    '2026-00-10T10:00:00Z',
    '2026-11-00T10:00:00Z',
    '2026-11-24T24:00:00Z',
    '2026-11-24T10:60:00Z',
    '2026-11-24T10:00:60Z',
    '2026-11-24T10:00:00', // no zone: not an instant
    '2026-11-24',
    '2026-11-24 10:00:00Z',
    '2026-11-24T10:00:00.Z',
    '+002026-11-24T10:00:00Z',
    ' 2026-11-24T10:00:00Z',
    '2026-11-24T10:00:00Z\n',
    '1732000000000',
    '',
  ])('%j is not an instant', (s) => {
    expect(parseInstant(s)).toBeNull()
    const r = instant('完成期限').safeParse(s)
    expect(r.success).toBe(false)
    if (!r.success) expect(r.error.issues[0].message).toBe('完成期限格式不正确')
  })

  it('answers in Chinese when the field is missing or not text', () => {
    const schema = instant('完成期限')
    expect(fieldErrors((schema.safeParse(undefined) as any).error)).toEqual({ _: '请选择完成期限' })
    expect(fieldErrors((schema.safeParse(1732000000000) as any).error)).toEqual({ _: '完成期限格式不正确' })
  })
})

describe('days', () => {
  it.each([
    ['2026-11-24', true],
    ['2028-02-29', true],
    ['2026-02-29', false],
    ['2026-06-31', false],
    ['2026-6-1', false],
    ['2026-11-24T00:00:00Z', false],
  ])('%s is a day: %s', (s, ok) => {
    expect(parseDay(s) !== null).toBe(ok)
    expect(day('复查日期').safeParse(s).success).toBe(ok)
  })
  it('a day is midnight UTC of that date', () => {
    expect(parseDay('2026-11-24')).toBe(Date.UTC(2026, 10, 24))
  })
})

describe('stepped numbers', () => {
  it.each([
    [0, true],
    [0.5, true],
    [1, true],
    [1.5, true],
    [24, true],
    [1e-9, false],
    [0.5 + 1e-9, false],
    [0.25, false],
    [1.4999999999999998, false],
    [24.5, false],
    [-0.5, false],
    [Number.NaN, false],
    [Number.POSITIVE_INFINITY, false],
  ])('hours %d passes the half-hour step: %s', (v, ok) => {
    expect(hours.safeParse(v).success).toBe(ok)
  })

  it('says what is wrong in Chinese', () => {
    expect(fieldErrors((hours.safeParse(1e-9) as any).error)).toEqual({ _: '时长以半小时为单位' })
    expect(fieldErrors((hours.safeParse(25) as any).error)).toEqual({ _: '时长不能大于24小时' })
    expect(fieldErrors((hours.safeParse('1') as any).error)).toEqual({ _: '时长须为数字' })
    const points = steppedNumber({ min: 0, max: 100, step: 1, label: '积分' })
    expect(fieldErrors((points.safeParse(1.5) as any).error)).toEqual({ _: '积分须为整数' })
  })

  it('checks in integer arithmetic, so decimal steps are exact', () => {
    expect(onStep(0.3, 0.1)).toBe(true)
    expect(onStep(0.1 + 0.2, 0.1)).toBe(false) // 0.30000000000000004 has more places than the step
    expect(onStep(0.07, 0.01)).toBe(true)
    expect(onStep(2.25, 0.25)).toBe(true)
    expect(onStep(2.3, 0.25)).toBe(false)
    expect(onStep(1e21, 0.5)).toBe(false) // beyond exact integers
    expect(() => steppedNumber({ min: 0, max: 1, step: 1e-9, label: 'x' })).toThrow()
  })
})

describe('text', () => {
  const required = text({ max: 10, label: '需求描述' })
  const ZW = '\u200B\u200C\u200D\u2060\uFEFF'

  it.each([
    ['zero-width characters', ZW],
    ['ideographic spaces', '\u3000\u3000'],
    ['spaces, tabs, line breaks', ' \t\r\n '],
    ['no-break and thin spaces', '\u00A0\u2009\u202F\u205F'],
    ['Hangul fillers and blank Braille', '\u3164\uFFA0\u2800'],
    ['direction marks', '\u200E\u200F\u202E'],
    ['a mix', `${ZW}\u3000 ${ZW}`],
    ['nothing', ''],
  ])('%s do not pass "required"', (_name, s) => {
    const r = required.safeParse(s)
    expect(r.success).toBe(false)
    if (!r.success) expect(r.error.issues[0].message).toBe('请填写需求描述')
  })

  it('cuts invisible characters from both ends and keeps what is inside', () => {
    expect(required.parse(`${ZW}\u3000 门口路灯不亮 \u3000${ZW}`)).toBe('门口路灯不亮')
    expect(required.parse('第一行\n第二行')).toBe('第一行\n第二行')
    const family = '👨\u200D👩\u200D👧' // joiners inside an emoji stay
    expect(required.parse(` ${family} `)).toBe(family)
    expect(required.parse('❤\uFE0F')).toBe('❤\uFE0F') // the variation selector belongs to the heart
    expect(cleanText('a\u0000b\u0007c')).toBe('abc')
  })

  it('counts characters as people do, after cleaning', () => {
    expect(required.safeParse('一二三四五六七八九十').success).toBe(true)
    expect(required.safeParse(`${ZW}一二三四五六七八九十${ZW}`).success).toBe(true)
    const r = required.safeParse('一二三四五六七八九十一')
    expect(r.success ? '' : r.error.issues[0].message).toBe('需求描述最多10个字')
    expect(required.safeParse('😀'.repeat(10)).success).toBe(true) // ten characters, twenty code units
    expect(visibleLength('a\u200Bb c')).toBe(3)
  })

  it('a minimum above one counts visible characters', () => {
    const reason = text({ min: 5, max: 200, label: '原因' })
    const r = reason.safeParse(`太差${ZW}${ZW}`)
    expect(r.success ? '' : r.error.issues[0].message).toBe('原因至少5个字')
    expect(reason.safeParse('实在太差了').success).toBe(true)
  })

  it('a long run of blanks is handled in linear time (no backtracking regex)', () => {
    // Correctness only; a quadratic trim would not finish this within the test's time limit.
    expect(required.safeParse(' '.repeat(200_000) + 'x' + '\u200B'.repeat(200_000)).success).toBe(true)
  })

  it('optional text: blank reads as absent, too long is refused', () => {
    const nick = optionalText({ max: 20, label: '昵称' })
    expect(nick.parse(undefined)).toBeUndefined()
    expect(nick.parse(`${ZW}\u3000`)).toBeUndefined()
    expect(nick.parse(' 小王 ')).toBe('小王')
    expect(nick.safeParse('长'.repeat(21)).success).toBe(false)
  })

  it('names and ids', () => {
    expect(personName.safeParse('\u200B\u3000').success).toBe(false)
    expect(personName.parse(' 王秀兰 ')).toBe('王秀兰')
    expect(id.parse(' c1-g1 ')).toBe('c1-g1')
    expect(id.safeParse('c1\u200B').success).toBe(false)
    expect(id.safeParse('c1 g1').success).toBe(false)
    expect(id.safeParse('\u3000').success).toBe(false)
  })
})

describe('member contract uses the rules', () => {
  it('a nickname of zero-width characters is refused on update and treated as absent at login', () => {
    const upd = memberApi.updateProfile.input.safeParse({ nickname: '\u200B\u200B', realName: '\u3000' })
    expect(upd.success).toBe(false)
    if (!upd.success) expect(fieldErrors(upd.error)).toEqual({ nickname: '请填写昵称', realName: '请填写姓名' })
    expect(memberApi.login.input.parse({ nickname: '\uFEFF' })).toEqual({})
  })
})
