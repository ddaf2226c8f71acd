// Minimum necessary (个人信息保护法): every answer of the order function, read or write, walked as people
// who are not entitled to the order's details — a member who has not claimed, a member after letting the
// claim go, a member whose claim ended, neighbours who said 我也遇到, the street's admin for an order not
// called up to the street — and checked on the serialized JSON for the orderer's name, any phone number,
// the room, the map point, photo URLs, and every note the workers and the resident wrote: those people
// read each timeline entry's public note only (the stars, never the rating's comment; never the work
// report). The entitled (orderer, the community's admin, the live claimer, the grid worker, the street
// for what was called up to it) do see them. Outsiders learn nothing, not even that the order exists.
import { ORDER_ACTIONS } from '../../shared/lifecycles/order'
import { uploadPath } from '../../cloudfunctions/common/files'
import { startTestCloud, type TestCloud, type TestUser } from '../support/localCloud'
import { validPayload } from '../support/orderStates'
import { acceptInput, cast, must, orderInput, type Cast } from '../support/orders'

jest.setTimeout(120_000)

let env: TestCloud
let c: Cast
let neighbour: TestUser
let neighbour2: TestUser
let photo: string
let workPhoto: string
/** Published, a room, a photo, 党员 or not. */
let roomOrder: string
/** Published with two places, a map point instead of a room. */
let pointOrder: string
/** 代点单 by the grid worker for an elder, published. */
let behalfOrder: string
/** Claimed by c.member (one of two places): others see the claimer masked. */
let claimedOrder: string
/**
 * Done once with photos and notes, confirmed, rated with a comment, closed, reopened (c.member's claim
 * ended), noted publicly and internally, and published again: its history stays with the entitled.
 */
let againOrder: string
/** In community c2, called up (吹哨) to the street: the street's admin is entitled to it. */
let streetOrder: string

const ORDERER = '王秀兰'
const ELDER = '李奶奶'
const CLAIMER = '李党员'
const STREET_ORDERER = '钱阿姨'
const ROOM = '1单元302'
const ELDER_ROOM = '7单元701'
const POINT = '菜市场东门'

/** What the workers and the resident wrote on the orders: for the entitled only. */
const NOTES = {
  accept: '请带上梯子',
  report: '已调整合页',
  confirm: '师傅来得很快',
  comment: '师傅很耐心',
  close: '合页已修好',
  reopen: '过两天又关不上了',
  publicNote: '已电话联系居民',
  internalNote: '居民情绪激动',
  release: '临时有事走不开',
}
/** The public notes a timeline entry may carry for everyone who may see the order. */
const PUBLIC_NOTES = [/^★{1,5}$/, /^网格员代居民点单$/, /^又一位居民反映了同样的问题$/, /^已办理完毕，未领满的名额不再招募$/]

beforeAll(async () => {
  env = await startTestCloud()
  c = await cast(env)
  neighbour = await env.user({ community: 'c1', grid: 'c1-g1', name: '赵大妈', phone: '13833334444' })
  neighbour2 = await env.user({ community: 'c1', grid: 'c1-g1', name: '孟大爷', phone: '13855556666' })
  // Each person's photo in their own upload folder, as the client and the gateway put them.
  photo = env.cloud.emulator.storage.put(uploadPath(c.resident.openid, new Date(env.clock.now()), 'leak.jpg'), Buffer.from('jpeg'), 'image/jpeg')
  workPhoto = env.cloud.emulator.storage.put(uploadPath(c.member.openid, new Date(env.clock.now()), 'after.jpg'), Buffer.from('jpeg'), 'image/jpeg')
  const publish = async (id: string, over: Record<string, unknown> = {}) => {
    await must(c.admin.call('order', 'accept', acceptInput(env, id, { membersOnly: false, ...over })))
    await must(c.admin.call('order', 'publish', { orderId: id }))
    return id
  }
  roomOrder = await publish((await must(c.resident.call('order', 'submit', orderInput({ photos: [photo] })))).id)
  pointOrder = await publish(
    (await must(c.resident.call('order', 'submit', orderInput({ category: '助老', text: '想找人陪同去买菜', place: { kind: 'point', lat: 39.91, lng: 116.4, label: POINT } })))).id,
    { slots: 2 },
  )
  behalfOrder = await publish(
    (await must(c.grid.call('order', 'submit', orderInput({ category: '助老', text: '独居老人需要换煤气', place: { kind: 'room', buildingId: 'c1-g1-b2', room: ELDER_ROOM }, onBehalfOf: { name: ELDER, phone: '13900001111' } })))).id,
  )
  claimedOrder = await publish((await must(c.resident.call('order', 'submit', orderInput({ text: '水管漏水', photos: [photo] })))).id, { slots: 2 })
  await must(c.member.call('order', 'claim', { orderId: claimedOrder }))
  const again = (await must(c.resident.call('order', 'submit', orderInput({ category: '维修', text: '窗户关不上', photos: [photo] })))).id
  await publish(again, { note: NOTES.accept })
  await must(c.member.call('order', 'claim', { orderId: again }))
  await must(c.member.call('order', 'start', { orderId: again }))
  await must(c.member.call('order', 'complete', { orderId: again, note: NOTES.report, photos: [workPhoto] }))
  await must(c.resident.call('order', 'confirm', { orderId: again, note: NOTES.confirm }))
  await must(c.resident.call('order', 'rate', { orderId: again, stars: 5, comment: NOTES.comment }))
  await must(c.admin.call('order', 'close', { orderId: again, code: 'solved', note: NOTES.close }))
  await must(c.resident.call('order', 'reopen', { orderId: again, reason: NOTES.reopen }))
  await must(c.admin.call('order', 'note', { orderId: again, text: NOTES.publicNote, internal: false }))
  await must(c.admin.call('order', 'note', { orderId: again, text: NOTES.internalNote, internal: true }))
  await must(c.admin.call('order', 'publish', { orderId: again }))
  againOrder = again
  // The image checks answer by push, a moment after each upload was submitted: wait until every one has.
  for (let i = 0; i < 200 && env.findAll('media_checks', { status: 'pending' }).length; i++) await new Promise((r) => setTimeout(r, 50))
  expect(env.findAll('media_checks', { status: 'pending' })).toEqual([])
  const streetResident = await env.user({ community: 'c2', grid: 'c2-g2', name: STREET_ORDERER, phone: '13877778888' })
  streetOrder = (await must(streetResident.call('order', 'submit', orderInput({ place: { kind: 'room', buildingId: 'c2-g2-b1', room: '9单元909' } })))).id
  await must(c.otherAdmin.call('order', 'escalate', { orderId: streetOrder, to: 'street', colour: 'red', reason: '涉及多个社区' }))
})
afterAll(() => env.close())

/** Every timeline note in an answer (views carry timelines; cards do not), and whether any entry is internal. */
function timelines(answer: unknown): Array<{ note?: string; internal: boolean }> {
  const out: Array<{ note?: string; internal: boolean }> = []
  const walk = (x: unknown) => {
    if (Array.isArray(x)) return x.forEach(walk)
    if (!x || typeof x !== 'object') return
    for (const [k, v] of Object.entries(x)) {
      if (k === 'timeline' && Array.isArray(v)) out.push(...(v as Array<{ note?: string; internal: boolean }>))
      else walk(v)
    }
  }
  walk(answer)
  return out
}

/** What must never reach someone not entitled, found in the serialized answer. */
function leaks(answer: unknown): string[] {
  const json = JSON.stringify(answer)
  const found: string[] = []
  for (const name of [ORDERER, ELDER, CLAIMER, STREET_ORDERER]) if (json.includes(name)) found.push(`name ${name}`)
  const phone = json.match(/1[3-9]\d{9}/)
  if (phone) found.push(`phone ${phone[0]}`)
  for (const digits of ['11112222', '00001111', '12345678', '33334444', '77778888']) if (json.includes(digits)) found.push(`phone digits ${digits}`)
  for (const room of [ROOM, ELDER_ROOM, '单元']) if (json.includes(room)) found.push(`room ${room}`)
  if (json.includes(POINT)) found.push(`point ${POINT}`)
  if (/39\.91|116\.4/.test(json)) found.push('coordinates')
  for (const url of ['cloud://', '__cos', 'http://', 'https://', 'leak.jpg', 'after.jpg']) if (json.includes(url)) found.push(`photo ${url}`)
  for (const [what, text] of Object.entries(NOTES)) if (json.includes(text)) found.push(`note ${what}: ${text}`)
  for (const t of timelines(answer)) {
    if (t.internal) found.push(`internal timeline entry`)
    if (t.note !== undefined && !PUBLIC_NOTES.some((p) => p.test(t.note!))) found.push(`timeline note ${t.note}`)
  }
  return found
}

const orders = () => [roomOrder, pointOrder, behalfOrder, claimedOrder, againOrder]

/** Every read call for one caller, each answer collected with what it was. */
async function reads(u: TestUser, ids = orders()): Promise<Array<[string, unknown]>> {
  const out: Array<[string, unknown]> = []
  for (const id of ids) out.push([`get ${id}`, await u.call('order', 'get', { orderId: id })])
  for (const id of ids) out.push([`assignees ${id}`, await u.call('order', 'assignees', { orderId: id })])
  for (const status of ['all', 'open', 'closed']) out.push([`listMine ${status}`, await u.call('order', 'listMine', { status, size: 50 })])
  for (const tab of ['todo', 'doing', 'done', 'all']) {
    out.push([`inbox ${tab}`, await u.call('order', 'inbox', { tab, size: 50 })])
    out.push([`inbox ${tab} c1`, await u.call('order', 'inbox', { tab, communityId: 'c1', size: 50 })])
  }
  out.push(['hall', await u.call('order', 'hall', { size: 50 })])
  for (const status of ['open', 'closed', 'all']) out.push([`myTasks ${status}`, await u.call('order', 'myTasks', { status, size: 50 })])
  for (const category of ['维修', '助老']) out.push([`similar ${category}`, await u.call('order', 'similar', { category })])
  return out
}

/** Every write call of the table (and note) on every order but 我也遇到 and the claim, which some of these callers may make. */
async function writes(u: TestUser, ids = orders()): Promise<Array<[string, { ok: boolean }]>> {
  const out: Array<[string, { ok: boolean }]> = []
  for (const id of ids) {
    for (const action of ORDER_ACTIONS.filter((a) => a !== 'claim')) out.push([`${action} ${id}`, await u.call('order', action, validPayload(env, action, id))])
    out.push([`note ${id}`, await u.call('order', 'note', { orderId: id, text: '看一下', internal: false })])
  }
  return out
}

function expectNoLeaks(answers: Array<[string, unknown]>) {
  const found = answers.flatMap(([what, a]) => leaks(a).map((l) => `${what}: ${l}`))
  expect(found).toEqual([])
}
const succeeded = (answers: Array<[string, { ok: boolean }]>) => answers.filter(([, r]) => r.ok).map(([w]) => w)
const idsOf = (r: unknown) => ((r as { ok: boolean; data?: { items: Array<{ id: string }> } }).data?.items ?? []).map((x) => x.id)

/** The masked view of againOrder: its history is there, each entry with its public note only. */
function expectMaskedHistory(v: any) {
  expect(v).toMatchObject({ entitled: false, photos: [], orderer: { name: '王*' }, rating: { stars: 5 }, closure: { code: 'solved', note: '' } })
  expect(v.rating.comment).toBeUndefined()
  expect(v.completion).toBeUndefined()
  expect(v.room).toBeUndefined()
  const actions = v.timeline.map((t: { action: string }) => t.action)
  const history = ['submit', 'accept', 'publish', 'claim', 'start', 'complete', 'confirm', 'rate', 'close', 'reopen', 'note', 'publish']
  expect(actions.slice(0, history.length)).toEqual(history)
  // Neighbours joining later add entries with their public note.
  for (const t of v.timeline.slice(history.length)) expect(t).toMatchObject({ action: 'join', note: '又一位居民反映了同样的问题' })
  expect(v.timeline.find((t: { action: string }) => t.action === 'rate').note).toBe('★★★★★')
  for (const t of v.timeline.slice(0, history.length).filter((x: { action: string }) => x.action !== 'rate')) expect([t.action, t.note]).toEqual([t.action, undefined])
}

describe('not entitled', () => {
  it('a member of the community who has not claimed sees the hall and the orders masked, everywhere', async () => {
    const answers = await reads(c.member2)
    // The walk really saw the orders: the hall lists them, and get shows them (masked).
    const hall = answers.find(([w]) => w === 'hall')![1] as { ok: true; data: { items: Array<{ id: string; orderer: { name: string }; statusLabel: string }> } }
    expect(hall.data.items.map((x) => x.id)).toEqual(expect.arrayContaining(orders()))
    expect(hall.data.items.find((x) => x.id === roomOrder)!.orderer).toEqual({ name: '王*' })
    expect(hall.data.items.find((x) => x.id === behalfOrder)!.orderer).toEqual({ name: '李*' })
    expect(hall.data.items.find((x) => x.id === claimedOrder)!.statusLabel).toBe('还差1人')
    const got = await must(c.member2.call('order', 'get', { orderId: claimedOrder }))
    expect(got).toMatchObject({ entitled: false, photos: [], claimers: [{ name: '李*', label: '党员 · 已领单' }], orderer: { name: '王*' } })
    expect(got.room).toBeUndefined()
    expectMaskedHistory(await must(c.member2.call('order', 'get', { orderId: againOrder })))
    expectNoLeaks(answers)

    const refused = await writes(c.member2)
    expect(succeeded(refused)).toEqual([])
    expectNoLeaks(refused)
  })

  it('a member after releasing the claim is masked again in every answer, the release’s included', async () => {
    const claimed = await must(c.member2.call('order', 'claim', { orderId: pointOrder }))
    expect(claimed).toMatchObject({ entitled: true, pointLabel: POINT, orderer: { name: ORDERER, phone: '13811112222' }, myClaim: 'claimed' })
    const released = await c.member2.call('order', 'release', { orderId: pointOrder, reason: NOTES.release })
    expect(released).toMatchObject({ ok: true, data: { status: 'published', entitled: false, myClaim: undefined } })
    expectNoLeaks([['release', released]])
    // Their own release reason is a note like any other: for the entitled.
    expect(env.find('orders', pointOrder).timeline.at(-1)).toMatchObject({ action: 'release', note: NOTES.release })
    // Let go, it is no longer among their tasks (我的任务); they can still open it, masked like everywhere else.
    const myTasks = await must(c.member2.call('order', 'myTasks', { status: 'all', size: 50 }))
    expect(myTasks.items.find((x: { id: string }) => x.id === pointOrder)).toBeUndefined()
    expect(await must(c.member2.call('order', 'get', { orderId: pointOrder }))).toMatchObject({ entitled: false, myClaim: undefined, claimers: [] })
    expectNoLeaks(await reads(c.member2))
    const before = env.find('orders', pointOrder)
    const refused = await writes(c.member2)
    // Letting go again is the one move that answers ok (a repeat changes nothing); every other is refused.
    expect(succeeded(refused)).toEqual([`release ${pointOrder}`])
    expect(env.find('orders', pointOrder)).toEqual(before)
    expectNoLeaks(refused)
  })

  it('the member whose work was confirmed and paid before the order was reopened reads its history masked, their own report included', async () => {
    const v = await must(c.member.call('order', 'get', { orderId: againOrder }))
    expectMaskedHistory(v)
    expect(v.myClaim).toBe('paid')
    expectNoLeaks([['get', v]])
  })

  it('neighbours using 我也遇到 see similar orders masked; joining (twice too) answers masked; then they learn nothing more', async () => {
    const similar = await neighbour.call('order', 'similar', { category: '维修' })
    expect(similar.ok && similar.data.map((x: { id: string }) => x.id)).toEqual(expect.arrayContaining([roomOrder, claimedOrder, againOrder]))
    const joined = await neighbour.call('order', 'join', { orderId: roomOrder })
    expect(joined).toMatchObject({ ok: true, data: { id: roomOrder, alsoAffected: 1, entitled: false, orderer: { name: '王*' } } })
    const again = await neighbour.call('order', 'join', { orderId: roomOrder })
    expect(again).toMatchObject({ ok: true, data: { id: roomOrder, alsoAffected: 1, entitled: false } })
    const history = await neighbour.call('order', 'join', { orderId: againOrder })
    expect(history).toMatchObject({ ok: true, data: { id: againOrder, alsoAffected: 1 } })
    expectMaskedHistory({ ...(history as { data: object }).data })
    const second = await neighbour2.call('order', 'join', { orderId: againOrder })
    expect(second).toMatchObject({ ok: true, data: { id: againOrder, alsoAffected: 2, entitled: false } })
    expectNoLeaks([
      ['similar', similar],
      ['join', joined],
      ['join again', again],
      ['join the history', history],
      ['second neighbour', second],
    ])
    for (const n of [neighbour, neighbour2]) {
      const answers = await reads(n)
      // What they joined is theirs to follow (我的服务单), masked.
      const mine = idsOf(answers.find(([w]) => w === 'listMine all')![1])
      expect(mine).toEqual(expect.arrayContaining(n === neighbour ? [roomOrder, againOrder] : [againOrder]))
      expect(answers.find(([w]) => w === `get ${againOrder}`)![1]).toMatchObject({ ok: true, data: { entitled: false } })
      expect(answers.find(([w]) => w === `get ${pointOrder}`)![1]).toMatchObject({ ok: false, error: { reason: 'ORDER_NOT_FOUND' } })
      expectNoLeaks(answers)
      const refused = await writes(n)
      expect(succeeded(refused)).toEqual([])
      expectNoLeaks(refused)
    }
  })

  it('the street’s admin is out of scope for orders not called up to the street, and lists them masked only', async () => {
    const OUT = { ok: false, error: { code: 'PERMISSION_DENIED', reason: 'OUT_OF_SCOPE', message: '只能处理本辖区的事项' } }
    const answers = await reads(c.street)
    for (const id of orders()) {
      expect(answers.find(([w]) => w === `get ${id}`)![1]).toEqual(OUT)
      expect(answers.find(([w]) => w === `assignees ${id}`)![1]).toEqual(OUT)
    }
    // The street's own inbox holds what was called up to it; a community's inbox, chosen, is masked.
    const inbox = (w: string) => idsOf(answers.find(([x]) => x === w)![1])
    expect([inbox('inbox todo'), inbox('inbox doing'), inbox('inbox done'), inbox('inbox all')]).toEqual([[streetOrder], [], [], [streetOrder]])
    expect(inbox('inbox all c1')).toEqual(expect.arrayContaining(orders()))
    expect(inbox('inbox all c1')).not.toContain(streetOrder)
    // Everything else is masked (the called-up order, in the street's own inbox, is theirs in full).
    expectNoLeaks(answers.filter(([w]) => !/^inbox (todo|all)$/.test(w)))
    const refused = await writes(c.street)
    expect(succeeded(refused)).toEqual([])
    for (const [w, r] of refused) expect([w, r]).toEqual([w, { ok: false, error: expect.objectContaining({ reason: expect.stringMatching(/^(OUT_OF_SCOPE|ROLE_REQUIRED)$/) }) }])
    expectNoLeaks(refused)
  })

  it('a volunteer, a grid worker of another grid, and a resident elsewhere see nothing of the person either', async () => {
    const gridG2 = await env.user({ community: 'c1', grid: 'c1-g2', roles: ['gridWorker'], name: '吴网格' })
    for (const u of [c.volunteer, gridG2, c.outsider]) {
      expectNoLeaks(await reads(u))
      const refused = await writes(u)
      expect(succeeded(refused)).toEqual([])
      expectNoLeaks(refused)
    }
  })
})

describe('entitled', () => {
  it('the orderer sees their own details, photos, the work report and every public note of the history', async () => {
    const o = await must(c.resident.call('order', 'get', { orderId: roomOrder }))
    expect(o).toMatchObject({ entitled: true, orderer: { name: ORDERER, phone: '13811112222', me: true }, room: ROOM })
    expect(o.photos).toEqual([expect.stringContaining('/__cos/')])
    const mine = await must(c.resident.call('order', 'listMine', { status: 'all', size: 50 }))
    expect(mine.items.find((x: { id: string }) => x.id === roomOrder).orderer).toMatchObject({ name: ORDERER, phone: '13811112222' })
    const again = await must(c.resident.call('order', 'get', { orderId: againOrder }))
    expect(again.completion).toMatchObject({ note: NOTES.report, photos: [expect.stringContaining('after.jpg')] })
    expect(again.rating).toEqual({ stars: 5, comment: NOTES.comment })
    expect(again.closure).toMatchObject({ code: 'solved', note: NOTES.close })
    const notes = again.timeline.map((t: { note?: string }) => t.note ?? '').join('|')
    for (const text of [NOTES.accept, NOTES.report, NOTES.confirm, NOTES.comment, NOTES.close, NOTES.reopen, NOTES.publicNote]) expect(notes).toContain(text)
    // Internal notes stay with the workers.
    expect(notes).not.toContain(NOTES.internalNote)
    expect(again.timeline.some((t: { internal: boolean }) => t.internal)).toBe(false)
  })

  it('the community admin sees them in the inbox and on the order, internal notes included', async () => {
    const all = await must(c.admin.call('order', 'inbox', { tab: 'all', size: 50 }))
    expect(all.items.find((x: { id: string }) => x.id === roomOrder).orderer).toEqual({ name: ORDERER, phone: '13811112222', me: false })
    const point = await must(c.admin.call('order', 'get', { orderId: pointOrder }))
    expect(point).toMatchObject({ entitled: true, pointLabel: POINT })
    expect(point.timeline.find((t: { action: string }) => t.action === 'release').note).toBe(NOTES.release)
    const behalf = await must(c.admin.call('order', 'get', { orderId: behalfOrder }))
    expect(behalf).toMatchObject({ onBehalf: true, orderer: { name: ELDER, phone: '13900001111' }, room: ELDER_ROOM })
    const claimed = await must(c.admin.call('order', 'get', { orderId: claimedOrder }))
    expect(claimed.claimers).toEqual([{ name: CLAIMER, phone: '13812345678', label: '党员 · 已领单' }])
    expect(claimed.photos).toHaveLength(1)
    const again = await must(c.admin.call('order', 'get', { orderId: againOrder }))
    expect(again.timeline.find((t: { internal: boolean }) => t.internal)).toMatchObject({ action: 'note', note: NOTES.internalNote })
  })

  it('the live claimer sees what they need to do the job', async () => {
    const o = await must(c.member.call('order', 'get', { orderId: claimedOrder }))
    expect(o).toMatchObject({ entitled: true, orderer: { name: ORDERER, phone: '13811112222' }, room: ROOM, claimers: [{ name: CLAIMER, me: true }], myClaim: 'claimed' })
    expect(o.photos).toEqual([expect.stringContaining('leak.jpg')])
    const tasks = await must(c.member.call('order', 'myTasks', { status: 'open' }))
    expect(tasks.items.find((x: { id: string }) => x.id === claimedOrder).orderer).toMatchObject({ name: ORDERER, phone: '13811112222' })
    // The claim's own answer carries the details.
    const elder = await must(c.member.call('order', 'claim', { orderId: behalfOrder }))
    expect(elder).toMatchObject({ entitled: true, orderer: { name: ELDER, phone: '13900001111' }, room: ELDER_ROOM })
  })

  it('the grid worker sees the orders of their grid in full', async () => {
    const o = await must(c.grid.call('order', 'get', { orderId: roomOrder }))
    expect(o).toMatchObject({ entitled: true, orderer: { name: ORDERER, phone: '13811112222' }, room: ROOM })
    const inbox = await must(c.grid.call('order', 'inbox', { tab: 'all', size: 50 }))
    expect(inbox.items.find((x: { id: string }) => x.id === roomOrder).orderer).toMatchObject({ name: ORDERER, phone: '13811112222' })
  })

  it('the street’s admin sees what was called up to the street in full', async () => {
    const o = await must(c.street.call('order', 'get', { orderId: streetOrder }))
    expect(o).toMatchObject({ entitled: true, status: 'escalated', orderer: { name: STREET_ORDERER, phone: '13877778888' }, room: '9单元909' })
    expect(o.timeline.find((t: { action: string }) => t.action === 'escalate')).toMatchObject({ internal: true, note: expect.stringContaining('涉及多个社区') })
  })
})

describe('outsiders', () => {
  it('an admin of another community is told it is out of scope; a resident elsewhere that it does not exist', async () => {
    expect(await c.otherAdmin.call('order', 'get', { orderId: roomOrder })).toEqual({
      ok: false,
      error: { code: 'PERMISSION_DENIED', reason: 'OUT_OF_SCOPE', message: '只能处理本辖区的事项' },
    })
    const real = await c.outsider.call('order', 'get', { orderId: roomOrder })
    const made = await c.outsider.call('order', 'get', { orderId: 'o-no-such-order' })
    expect(real).toEqual({ ok: false, error: { code: 'NOT_FOUND', reason: 'ORDER_NOT_FOUND', message: '找不到该服务单' } })
    // The same answer as for an order that does not exist: no existence leak.
    expect(real).toEqual(made)
    const sameCommunity = await c.resident.call('order', 'get', { orderId: behalfOrder })
    expect(sameCommunity).toEqual(made)
    // The called-up order of another community stays with its community and the street.
    expect(await c.resident.call('order', 'get', { orderId: streetOrder })).toEqual(made)
    expect(await c.admin.call('order', 'get', { orderId: streetOrder })).toMatchObject({ ok: false, error: { reason: 'OUT_OF_SCOPE' } })
  })
})
