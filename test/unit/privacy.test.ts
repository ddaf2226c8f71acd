import { ageBand, maskName, maskPhone } from '../../shared/privacy'

it.each([
  ['张三', '张*'],
  ['欧阳娜娜', '欧*'],
  ['李', '李*'],
  ['', ''],
  [undefined, ''],
])('maskName(%s) = %s', (name, want) => expect(maskName(name)).toBe(want))

it('masks phones and bands ages', () => {
  expect(maskPhone('13812341234')).toBe('138****1234')
  expect(maskPhone('')).toBe('')
  expect(ageBand(8)).toBe('未成年')
  expect(ageBand(45)).toBe('40多岁')
  expect(ageBand(72)).toBe('老年人')
  expect(ageBand(86)).toBe('高龄老人')
})
