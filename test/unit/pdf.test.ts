// The PDF writer's text handling: widths (ASCII half, the rest full), breaking lines between characters,
// the last kept line cut with …, and what the font cannot show (outside the BMP, control characters).
import { pdf, textWidth, wrap } from '../../cloudfunctions/common/pdf'

const shown = (bytes: Buffer) => [...bytes.toString('latin1').matchAll(/<([0-9A-F]+)> Tj/g)].map((m) => m[1])

it('measures ASCII at half an em and everything else at one', () => {
  expect(textWidth('ab', 10)).toBe(10)
  expect(textWidth('服务', 10)).toBe(20)
  expect(textWidth('2小时', 12)).toBe(30)
})

it('breaks lines between characters within the width, and cuts the last kept one with …', () => {
  expect(wrap('一二三四五六七', 10, 30)).toEqual(['一二三', '四五六', '七'])
  expect(wrap('一二三四五六七', 10, 30, 2)).toEqual(['一二三', '四五…'])
  expect(wrap('甲\n乙', 10, 100)).toEqual(['甲', '乙'])
  expect(wrap('', 10, 100)).toEqual([''])
})

it('writes text as UCS-2 hex: a character outside the BMP becomes ?, a control character a space', () => {
  const bytes = pdf([[{ kind: 'text', x: 0, y: 0, size: 10, text: '王𠀀\t1' }]], { title: 't', created: new Date(0) })
  expect(shown(bytes)).toEqual(['738B003F00200031'])
  // Everything after the binary comment of the header is ASCII.
  expect([...bytes.subarray(15)].every((b) => b < 0x80)).toBe(true)
})
