// The 志愿服务记录 as a PDF (points.recordPdf) on the local cloud: the file is written to storage and linked;
// fetched back it is a well-formed PDF (header, every cross-reference offset pointing at its object, the
// trailer), its text decodes to the record's Chinese both from the raw hex strings and as pdf.js reads it
// (the standard font STSong-Light through the CMaps), a long record runs over several pages, the code on
// it is the one the public check knows, only the person makes their own, and a failed upload keeps nothing.
import { startTestCloud, type TestCloud, type TestUser } from '../support/localCloud'
import { acceptInput, cast, must, orderInput, type Cast } from '../support/orders'
import { rawText, readerText } from '../support/pdf'

jest.setTimeout(120_000)

let env: TestCloud
let c: Cast
beforeAll(async () => {
  env = await startTestCloud()
  c = await cast(env)
})
afterAll(() => env.close())

async function confirmedOrder(resident: TestUser, member: TestUser) {
  const o = await must(resident.call('order', 'submit', orderInput({ category: '维修' })))
  await must(c.admin.call('order', 'accept', acceptInput(env, o.id, { colour: 'green', points: 10, hours: 2 })))
  await must(c.admin.call('order', 'publish', { orderId: o.id }))
  await must(member.call('order', 'claim', { orderId: o.id }))
  await must(member.call('order', 'start', { orderId: o.id }))
  await must(member.call('order', 'complete', { orderId: o.id, note: '已处理好', photos: [] }))
  await must(resident.call('order', 'confirm', { orderId: o.id }))
}

const fetchBytes = async (url: string) => {
  const res = await fetch(url)
  expect(res.status).toBe(200)
  return Buffer.from(await res.arrayBuffer())
}

/** The structure a reader relies on: header, each xref entry at its `n 0 obj`, the trailer and startxref. */
function checkStructure(bytes: Buffer): { objects: number; pages: number } {
  const s = bytes.toString('latin1')
  expect(s.startsWith('%PDF-1.4\n')).toBe(true)
  expect(s.endsWith('%%EOF\n')).toBe(true)
  const startxref = Number(/startxref\n(\d+)\n%%EOF\n$/.exec(s)![1])
  expect(s.slice(startxref, startxref + 5)).toBe('xref\n')
  const head = /^xref\n0 (\d+)\n/.exec(s.slice(startxref))!
  const size = Number(head[1])
  let at = startxref + head[0].length
  const entries: string[] = []
  for (let i = 0; i < size; i++, at += 20) entries.push(s.slice(at, at + 20))
  expect(entries[0]).toBe('0000000000 65535 f \n')
  entries.slice(1).forEach((e, i) => {
    expect(e).toMatch(/^\d{10} 00000 n \n$/)
    const offset = Number(e.slice(0, 10))
    expect(s.slice(offset, offset + `${i + 1} 0 obj\n`.length)).toBe(`${i + 1} 0 obj\n`)
  })
  const trailer = s.slice(at)
  expect(trailer).toMatch(new RegExp(`^trailer\\n<< /Size ${size} /Root 1 0 R /Info 6 0 R /ID \\[<[0-9A-F]{32}> <[0-9A-F]{32}>\\] >>\\nstartxref\\n`))
  // Each stream's /Length is its length.
  for (const m of s.matchAll(/<< \/Length (\d+) >>\nstream\n/g)) {
    const from = m.index! + m[0].length
    expect(s.slice(from + Number(m[1]), from + Number(m[1]) + 'endstream'.length)).toBe('endstream')
  }
  expect(s).toContain('/BaseFont /STSong-Light /Encoding /UniGB-UCS2-H')
  expect(s).toContain('/CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 2 >>')
  return { objects: size - 1, pages: Number(/\/Type \/Pages \/Kids \[[^\]]*\] \/Count (\d+)/.exec(s)![1]) }
}

it('the record as a PDF: stored, linked, well formed, its Chinese read back, its code the public check knows', async () => {
  const m = await env.user({ community: 'c1', roles: ['member'], name: '孙记录' })
  await confirmedOrder(c.resident, m)
  const rec = await must(m.call('points', 'record', {}))
  const out = await must(m.call('points', 'recordPdf', {}))
  expect(out).toMatchObject({ code: rec.code, fileName: `志愿服务记录-${rec.code}.pdf`, pages: 1 })
  const bytes = await fetchBytes(out.url)
  expect(checkStructure(bytes)).toEqual({ objects: 6 + 2, pages: 1 })

  const day = rec.items[0].date
  const raw = rawText(bytes)
  expect(raw).toEqual(
    expect.arrayContaining([
      '志愿服务记录',
      '姓名：孙记录',
      '所属组织：和平社区',
      '星级：未评星',
      '累计服务时长：2小时',
      `验证码：${rec.code}`,
      `出具日期：${rec.issuedAt.slice(0, 10)}`,
      '服务记录：1条',
      '日期',
      '服务内容',
      '时长',
      '确认组织',
      day,
      rec.items[0].note,
      '2小时',
      '和平社区',
      '第1页 / 共1页',
    ]),
  )
  expect(raw.some((l) => l.includes('/packages/points/verify/index?code=' + rec.code))).toBe(true)

  // A reader reads the same, and the document's title.
  const read = readerText(bytes)
  expect(read.numPages).toBe(1)
  expect(read.title).toBe('志愿服务记录')
  expect(read.pages[0]).toEqual(expect.arrayContaining(['志愿服务记录', '姓名：孙记录', `验证码：${rec.code}`, rec.items[0].note, '和平社区', '2小时', '第1页 / 共1页']))

  // The code on the paper checks out publicly; asking again gives the same record and the same file.
  const check = await env.cloud.runtime.invoke('points', { action: 'verifyRecord', payload: { code: out.code } }, {})
  expect(check).toEqual({ ok: true, data: expect.objectContaining({ valid: true, name: '孙*', confirmedHours: 2, count: 1 }) })
  const again = await must(m.call('points', 'recordPdf', {}))
  expect(again.code).toBe(out.code)
  expect((await fetchBytes(again.url)).equals(bytes)).toBe(true)
  expect(env.findAll('service_records', { openid: m.openid })).toHaveLength(1)
})

it('a long record runs over pages, each with the table head and its page number', async () => {
  const m = await env.user({ community: 'c1', roles: ['member'], name: '周长记' })
  const at = new Date(env.clock.now())
  const n = 70
  env.cloud.emulator.db.insert(
    'ledger',
    Array.from({ length: n }, (_, i) => ({
      _id: `order:long-${i}:${m.openid}`,
      openid: m.openid,
      communityId: 'c1',
      sourceType: 'order',
      sourceId: `long-${i}`,
      points: 10,
      hours: 1.5,
      note: i === 0 ? '为独居老人更换厨房水龙头并检查燃气管道的安全，顺便清理了楼道里堆放已久的杂物' : `服务单：助老 第${i}次`,
      at: new Date(at.getTime() - i * 3600_000),
      day: '2026-11-23',
    })),
  )
  env.cloud.emulator.db.insert('balances', [{ _id: m.openid, openid: m.openid, communityId: 'c1', points: 10 * n, hours: 1.5 * n, confirmedHours: 1.5 * n, version: n, holds: {}, optOut: false, outbox: [], updatedAt: at }])
  const out = await must(m.call('points', 'recordPdf', {}))
  expect(out.pages).toBeGreaterThanOrEqual(3)
  const bytes = await fetchBytes(out.url)
  expect(checkStructure(bytes)).toEqual({ objects: 6 + 2 * out.pages, pages: out.pages })
  const read = readerText(bytes)
  expect(read.numPages).toBe(out.pages)
  read.pages.forEach((p, i) => {
    expect(p).toEqual(expect.arrayContaining(['日期', '服务内容', '时长', '确认组织', `第${i + 1}页 / 共${out.pages}页`]))
    if (i > 0) expect(p).toContain('志愿服务记录（续）')
  })
  const all = read.pages.flat()
  // Every entry, once; the long note wrapped over two lines; the totals.
  for (let i = 1; i < n; i++) expect(all.filter((l) => l === `服务单：助老 第${i}次`)).toHaveLength(1)
  expect(all.join('')).toContain('为独居老人更换厨房水龙头并检查燃气管道的安全，顺便清理了楼道里堆放已久的杂物')
  expect(all).toEqual(expect.arrayContaining(['累计服务时长：105小时', '星级：一星', `服务记录：${n}条`]))
  expect(all.filter((l) => l === '1.5小时')).toHaveLength(n)
})

it('only for oneself, after login; a failed upload keeps no record and answers in Chinese', async () => {
  expect(await env.cloud.runtime.invoke('points', { action: 'recordPdf', payload: {} }, {})).toMatchObject({ ok: false, error: { reason: 'NOT_LOGGED_IN' } })
  // No one names another person: the call takes nothing.
  expect(await c.admin.call('points', 'recordPdf', { openid: c.member.openid })).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } })

  const m = await env.user({ community: 'c1', roles: ['member'], name: '吴失败' })
  await confirmedOrder(c.resident, m)
  const before = env.findAll('service_records').length
  env.cloud.emulator.setFaults({ errorRate: 1, seed: 5, actions: ['storage.'] })
  try {
    const r = await m.call('points', 'recordPdf', {})
    expect(r).toMatchObject({ ok: false, error: { reason: 'SERVICE_BUSY', message: expect.stringMatching(/[\u4e00-\u9fff]/) } })
  } finally {
    env.cloud.emulator.setFaults(undefined)
  }
  expect(env.findAll('service_records')).toHaveLength(before)
  // Once storage answers again it works, and the record is kept.
  const out = await must(m.call('points', 'recordPdf', {}))
  expect(env.findAll('service_records', { openid: m.openid })).toEqual([expect.objectContaining({ _id: out.code })])
})
