// Minimum necessary (个人信息保护法): every answer of the order function, read or write, walked as people
// who are not entitled to the orderer's details — a member who has not claimed, a member after letting
// the claim go, a neighbour using 我也遇到 — and checked on the serialized JSON for the orderer's name,
// any phone number, the room, the map point and photo URLs. The entitled (orderer, the community's admin,
// the live claimer, the grid worker) do see them. Outsiders learn nothing, not even that the order exists.
import { ORDER_ACTIONS } from '../../shared/lifecycles/order'
import { startTestCloud, type TestCloud, type TestUser } from '../support/localCloud'
import { validPayload } from '../support/orderStates'
import { acceptInput, cast, must, orderInput, type Cast } from '../support/orders'

jest.setTimeout(60_000)

let env: TestCloud
let c: Cast
let neighbour: TestUser
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
/** Done once with photos, reopened and published again: the old report stays with the entitled. */
let againOrder: string

const ORDERER = '王秀兰'
const ELDER = '李奶奶'
const CLAIMER = '李党员'
const ROOM = '1单元302'
const ELDER_ROOM = '7单元701'
const POINT = '菜市场东门'

beforeAll(async () => {
  env = await startTestCloud()
  c = await cast(env)
  neighbour = await env.user({ community: 'c1', grid: 'c1-g1', name: '赵大妈', phone: '13833334444' })
  photo = env.cloud.emulator.storage.put(`orders/${c.resident.openid}/leak.jpg`, Buffer.from('jpeg'), 'image/jpeg')
  workPhoto = env.cloud.emulator.storage.put(`orders/${c.member.openid}/after.jpg`, Buffer.from('jpeg'), 'image/jpeg')
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
  await publish(again)
  await must(c.member.call('order', 'claim', { orderId: again }))
  await must(c.member.call('order', 'start', { orderId: again }))
  await must(c.member.call('order', 'complete', { orderId: again, note: '已调整合页', photos: [workPhoto] }))
  await must(c.resident.call('order', 'confirm', { orderId: again }))
  await must(c.admin.call('order', 'close', { orderId: again, code: 'solved', note: '已修好' }))
  await must(c.resident.call('order', 'reopen', { orderId: again, reason: '过两天又关不上了' }))
  await must(c.admin.call('order', 'publish', { orderId: again }))
  againOrder = again
})
afterAll(() => env.close())

/** What must never reach someone not entitled, found in the serialized answer. */
function leaks(answer: unknown): string[] {
  const json = JSON.stringify(answer)
  const found: string[] = []
  for (const name of [ORDERER, ELDER, CLAIMER]) if (json.includes(name)) found.push(`name ${name}`)
  const phone = json.match(/1[3-9]\d{9}/)
  if (phone) found.push(`phone ${phone[0]}`)
  for (const digits of ['11112222', '00001111', '12345678']) if (json.includes(digits)) found.push(`phone digits ${digits}`)
  for (const room of [ROOM, ELDER_ROOM, '单元']) if (json.includes(room)) found.push(`room ${room}`)
  if (json.includes(POINT)) found.push(`point ${POINT}`)
  if (/39\.91|116\.4/.test(json)) found.push('coordinates')
  for (const url of ['cloud://', '__cos', 'http://', 'https://', 'leak.jpg', 'after.jpg']) if (json.includes(url)) found.push(`photo ${url}`)
  return found
}

const orders = () => [roomOrder, pointOrder, behalfOrder, claimedOrder, againOrder]

/** Every read call for one caller, each answer collected with what it was. */
async function reads(u: TestUser): Promise<Array<[string, unknown]>> {
  const out: Array<[string, unknown]> = []
  for (const id of orders()) out.push([`get ${id}`, await u.call('order', 'get', { orderId: id })])
  for (const id of orders()) out.push([`assignees ${id}`, await u.call('order', 'assignees', { orderId: id })])
  for (const status of ['all', 'open', 'closed']) out.push([`listMine ${status}`, await u.call('order', 'listMine', { status })])
  for (const tab of ['todo', 'doing', 'done', 'all']) out.push([`inbox ${tab}`, await u.call('order', 'inbox', { tab })])
  out.push(['hall', await u.call('order', 'hall', { size: 50 })])
  for (const status of ['open', 'closed', 'all']) out.push([`myTasks ${status}`, await u.call('order', 'myTasks', { status })])
  for (const category of ['维修', '助老']) out.push([`similar ${category}`, await u.call('order', 'similar', { category })])
  return out
}

/** Every write call of the table (and note) on every order; none of them may succeed for these callers. */
async function writes(u: TestUser): Promise<Array<[string, unknown]>> {
  const out: Array<[string, unknown]> = []
  for (const id of orders()) {
    for (const action of ORDER_ACTIONS.filter((a) => a !== 'claim')) out.push([`${action} ${id}`, await u.call('order', action, validPayload(env, action, id))])
    out.push([`note ${id}`, await u.call('order', 'note', { orderId: id, text: '看一下', internal: false })])
  }
  return out
}

function expectNoLeaks(answers: Array<[string, unknown]>) {
  const found = answers.flatMap(([what, a]) => leaks(a).map((l) => `${what}: ${l}`))
  expect(found).toEqual([])
}

describe('not entitled', () => {
  it('a member of the community who has not claimed sees the hall and the orders masked, everywhere', async () => {
    const answers = await reads(c.member2)
    // The walk really saw the orders: the hall lists them, and get shows them (masked).
    const hall = answers.find(([w]) => w === 'hall')![1] as { ok: true; data: { items: Array<{ id: string; orderer: { name: string } }> } }
    expect(hall.data.items.map((x) => x.id)).toEqual(expect.arrayContaining(orders()))
    expect(hall.data.items.find((x) => x.id === roomOrder)!.orderer).toEqual({ name: '王*' })
    expect(hall.data.items.find((x) => x.id === behalfOrder)!.orderer).toEqual({ name: '李*' })
    const got = await must(c.member2.call('order', 'get', { orderId: claimedOrder }))
    expect(got).toMatchObject({ entitled: false, photos: [], claimers: [{ name: '李*' }], orderer: { name: '王*' } })
    expect(got.room).toBeUndefined()
    const again = await must(c.member2.call('order', 'get', { orderId: againOrder }))
    expect(again.completion).toBeUndefined()
    expectNoLeaks(answers)

    const refused = await writes(c.member2)
    expect(refused.filter(([, r]) => (r as { ok: boolean }).ok).map(([w]) => w)).toEqual([])
    expectNoLeaks(refused)
  })

  it('a member after releasing the claim is masked again in every answer, the release’s included', async () => {
    const claimed = await must(c.member2.call('order', 'claim', { orderId: pointOrder }))
    expect(claimed).toMatchObject({ entitled: true, pointLabel: POINT, orderer: { name: ORDERER, phone: '13811112222' } })
    const released = await c.member2.call('order', 'release', { orderId: pointOrder, reason: '临时有事' })
    expect(released).toMatchObject({ ok: true, data: { status: 'published', entitled: false } })
    expectNoLeaks([['release', released]])
    const myTasks = await must(c.member2.call('order', 'myTasks', { status: 'all' }))
    expect(myTasks.items.map((x: { id: string }) => x.id)).not.toContain(pointOrder)
    expectNoLeaks(await reads(c.member2))
    expectNoLeaks(await writes(c.member2))
  })

  it('a neighbour using 我也遇到 sees similar orders masked; joining answers masked; then learns nothing more', async () => {
    const similar = await neighbour.call('order', 'similar', { category: '维修' })
    expect(similar.ok && similar.data.map((x: { id: string }) => x.id)).toEqual(expect.arrayContaining([roomOrder, claimedOrder]))
    const joined = await neighbour.call('order', 'join', { orderId: roomOrder })
    expect(joined).toMatchObject({ ok: true, data: { id: roomOrder, alsoAffected: 1, entitled: false, orderer: { name: '王*' } } })
    expectNoLeaks([
      ['similar', similar],
      ['join', joined],
      ['join again', await neighbour.call('order', 'join', { orderId: roomOrder })],
    ])
    expectNoLeaks(await reads(neighbour))
    expectNoLeaks(await writes(neighbour))
  })

  it('a volunteer, a grid worker of another grid, and a resident elsewhere see nothing of the person either', async () => {
    const gridG2 = await env.user({ community: 'c1', grid: 'c1-g2', roles: ['gridWorker'], name: '吴网格' })
    for (const u of [c.volunteer, gridG2, c.outsider]) {
      expectNoLeaks(await reads(u))
      expectNoLeaks(await writes(u))
    }
  })
})

describe('entitled', () => {
  it('the orderer sees their own details, photos included', async () => {
    const o = await must(c.resident.call('order', 'get', { orderId: roomOrder }))
    expect(o).toMatchObject({ entitled: true, orderer: { name: ORDERER, phone: '13811112222', me: true }, room: ROOM })
    expect(o.photos).toEqual([expect.stringContaining('/__cos/')])
    const mine = await must(c.resident.call('order', 'listMine', { status: 'all', size: 50 }))
    expect(mine.items.find((x: { id: string }) => x.id === roomOrder).orderer).toMatchObject({ name: ORDERER, phone: '13811112222' })
    const again = await must(c.resident.call('order', 'get', { orderId: againOrder }))
    expect(again.completion).toMatchObject({ note: '已调整合页', photos: [expect.stringContaining('after.jpg')] })
  })

  it('the community admin sees them in the inbox and on the order', async () => {
    const all = await must(c.admin.call('order', 'inbox', { tab: 'all', size: 50 }))
    expect(all.items.find((x: { id: string }) => x.id === roomOrder).orderer).toEqual({ name: ORDERER, phone: '13811112222', me: false })
    const point = await must(c.admin.call('order', 'get', { orderId: pointOrder }))
    expect(point).toMatchObject({ entitled: true, pointLabel: POINT })
    const behalf = await must(c.admin.call('order', 'get', { orderId: behalfOrder }))
    expect(behalf).toMatchObject({ onBehalf: true, orderer: { name: ELDER, phone: '13900001111' }, room: ELDER_ROOM })
    const claimed = await must(c.admin.call('order', 'get', { orderId: claimedOrder }))
    expect(claimed.claimers).toEqual([{ name: CLAIMER, phone: '13812345678' }])
    expect(claimed.photos).toHaveLength(1)
  })

  it('the live claimer sees what they need to do the job', async () => {
    const o = await must(c.member.call('order', 'get', { orderId: claimedOrder }))
    expect(o).toMatchObject({ entitled: true, orderer: { name: ORDERER, phone: '13811112222' }, room: ROOM, claimers: [{ name: CLAIMER, me: true }] })
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
  })
})
