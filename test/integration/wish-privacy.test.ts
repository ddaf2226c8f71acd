// Minimum necessary for 微心愿 (个人信息保护法; the wishers are children, elders and families in
// difficulty): every read of the wish function, walked as every kind of caller who is not entitled to a
// wish's details — a neighbour, a member who has not claimed, a former claimer after cancel or revoke,
// the donor after the confirmation, the street's admin, a unit admin, the admin and people of another
// community, the live claimer of a 代转交 wish — and checked on the serialized JSON for the wisher's
// name, every phone, the address, the delivery instructions, the unconsented (or hidden) photo, the
// evidence photos and every note written on the wish's timeline. The entitled (the wisher, the grid
// worker, the community's admin, the live claimer of a direct delivery) do see them.
import { uploadPath } from '../../cloudfunctions/common/files'
import { startTestCloud, type TestCloud, type TestUser } from '../support/localCloud'
import { cast, type Cast } from '../support/orders'
import { must, openWish, wishInput } from '../support/wishes'

jest.setTimeout(120_000)

let env: TestCloud
let c: Cast
const W = { name: '王秀兰', room: '1单元302', building: '1号楼', phone: '13811112222' }
const NOTES = { delivery: '周末下午在家请敲门', returnReason: '请补充孩子年级', cancel: '家里临时有事', revoke: '认领人联系不上', evidence: '书包已亲手交给孩子' }
const files: Record<string, string> = {}
const ids: Record<string, string> = {}
let neighbour: TestUser
let formerClaimer: TestUser
let revokedClaimer: TestUser
let donor: TestUser
let proxyClaimer: TestUser
let directClaimer: TestUser
let unitAdmin: TestUser

const put = (owner: string, name: string) => env.cloud.emulator.storage.put(uploadPath(owner, new Date(env.clock.now()), name), Buffer.from('jpeg'), 'image/jpeg')

beforeAll(async () => {
  env = await startTestCloud()
  c = await cast(env)
  neighbour = await env.user({ community: 'c1', grid: 'c1-g1', name: '赵大妈', phone: '13833334444' })
  formerClaimer = await env.user({ community: 'c1', roles: ['member'], name: '钱党员', phone: '13855556666' })
  revokedClaimer = await env.user({ community: 'c1', roles: ['volunteer'], name: '孙志愿', phone: '13855557777' })
  donor = await env.user({ community: 'c1', roles: ['member'], name: '吴党员', phone: '13855558888' })
  proxyClaimer = await env.user({ community: 'c1', roles: ['member'], name: '郑党员', phone: '13855559999' })
  directClaimer = await env.user({ community: 'c1', roles: ['member'], name: '冯党员', phone: '13866660000' })
  unitAdmin = await env.user({ roles: ['unitAdmin'], unit: 'u1', street: 's1', name: '何文静' })
  files.face = put(c.resident.openid, 'faceNoConsent.jpg')
  files.consented = put(c.resident.openid, 'consented.jpg')
  files.hidden = put(c.resident.openid, 'hiddenByAdmin.jpg')
  files.evidence = put(donor.openid, 'evidenceGiven.jpg')
  const post = (over: Record<string, unknown>) => openWish(env, c.resident, c.admin, { deliveryNote: NOTES.delivery, ...over })
  ids.face = await post({ title: '想要一盒彩笔', photo: files.face, photoConsent: false })
  ids.consented = await post({ title: '想要一本字典', photo: files.consented, photoConsent: true })
  ids.hidden = await post({ title: '想要一双运动鞋', photo: files.hidden, photoConsent: true })
  await must(c.admin.call('wish', 'review', { wishId: ids.hidden, decision: 'redact', hidePhoto: true }))
  // Returned once (the reason is the wisher's side's), then approved.
  const returned = await must(c.resident.call('wish', 'post', wishInput(env, { title: '想要一个台灯', deliveryNote: NOTES.delivery })))
  await must(c.admin.call('wish', 'review', { wishId: returned.id, decision: 'return', reason: NOTES.returnReason }))
  const { requestKey: _k, consent: _c, ...fields } = wishInput(env, { title: '想要一个护眼台灯', deliveryNote: NOTES.delivery })
  await must(c.resident.call('wish', 'resubmit', { wishId: returned.id, ...fields }))
  await must(c.admin.call('wish', 'review', { wishId: returned.id, decision: 'approve' }))
  ids.returned = returned.id
  // Claimed and cancelled with a reason; claimed and revoked.
  await must(formerClaimer.call('wish', 'claim', { wishId: ids.returned }))
  await must(formerClaimer.call('wish', 'cancelClaim', { wishId: ids.returned, reason: NOTES.cancel }))
  await must(revokedClaimer.call('wish', 'claim', { wishId: ids.returned }))
  await must(c.admin.call('wish', 'revoke', { wishId: ids.returned, reason: NOTES.revoke }))
  // Live claim, direct delivery.
  ids.direct = await post({ title: '想要一个篮球' })
  await must(directClaimer.call('wish', 'claim', { wishId: ids.direct }))
  // Live claim, 代转交.
  ids.proxy = await post({ title: '想要一件棉衣', delivery: 'proxy' })
  await must(proxyClaimer.call('wish', 'claim', { wishId: ids.proxy }))
  // Fulfilled with evidence, confirmed with thanks.
  ids.done = await post({ title: '想要一个新书包' })
  await must(donor.call('wish', 'claim', { wishId: ids.done }))
  await must(donor.call('wish', 'fulfil', { wishId: ids.done, note: NOTES.evidence, photos: [files.evidence] }))
  await must(c.resident.call('wish', 'confirm', { wishId: ids.done, thanks: '谢谢您的书包' }))
  // Waiting for review: nobody but the wisher's side sees it.
  ids.pending = (await must(c.resident.call('wish', 'post', wishInput(env, { title: '想要一把雨伞', deliveryNote: NOTES.delivery })))).id
  for (let i = 0; i < 200 && env.findAll('media_checks', { status: 'pending' }).length; i++) await new Promise((r) => setTimeout(r, 50))
  expect(env.findAll('media_checks', { status: 'pending' })).toEqual([])
})
afterAll(() => env.close())

const FORBIDDEN: Array<[string, RegExp]> = [
  ['name', new RegExp(W.name)],
  // A phone number as a value of its own: not a run of digits inside a wish's hex id or a link's signature.
  ['any phone', /(?<![0-9A-Za-z])1[3-9]\d{9}(?![0-9A-Za-z])/],
  ['room', new RegExp(W.room)],
  ['building', new RegExp(W.building)],
  ['delivery note', new RegExp(NOTES.delivery)],
  ['return reason', new RegExp(NOTES.returnReason)],
  ['cancel reason', new RegExp(NOTES.cancel)],
  ['revoke reason', new RegExp(NOTES.revoke)],
  ['evidence note', new RegExp(NOTES.evidence)],
  ['unconsented photo', /faceNoConsent/],
  ['hidden photo', /hiddenByAdmin/],
  ['evidence photo', /evidenceGiven/],
]

/** Every read a caller can make: the board under every filter, the wall, each wish, their own lists. */
async function reads(u: TestUser): Promise<Array<[string, unknown]>> {
  const out: Array<[string, unknown]> = []
  const add = async (what: string, p: Promise<{ ok: boolean; data?: unknown; error?: unknown }>) => out.push([what, await p])
  for (const progress of [undefined, 'open', 'claimed', 'done']) await add(`board ${progress}`, u.call('wish', 'board', { communityId: 'c1', ...(progress ? { progress } : {}) }))
  await add('board by type', u.call('wish', 'board', { communityId: 'c1', beneficiaryType: '儿童', category: '学习用品' }))
  await add('wall', u.call('wish', 'wall', { communityId: 'c1' }))
  for (const [k, id] of Object.entries(ids)) await add(`get ${k}`, u.call('wish', 'get', { wishId: id }))
  await add('mine', u.call('wish', 'mine', { as: 'wisher' }))
  await add('claims', u.call('wish', 'mine', { as: 'claimer' }))
  await add('manage', u.call('wish', 'manage', { status: 'open' }))
  return out
}

function leaks(answers: Array<[string, unknown]>, except: string[] = []): string[] {
  const found: string[] = []
  for (const [what, a] of answers) {
    const json = JSON.stringify(a)
    for (const [label, re] of FORBIDDEN) if (!except.includes(label) && re.test(json)) found.push(`${what}: ${label}`)
  }
  return found
}

describe('nobody who is not entitled learns the wisher’s name, phone, address, notes or unconsented photos', () => {
  // What a caller wrote themselves is theirs to read again (the former claimer's reason, the donor's note).
  const own: Record<string, string[]> = { 'a former claimer (cancelled)': ['cancel reason'], 'the donor after the confirmation': ['evidence note'] }
  const callers: Array<[string, () => TestUser]> = [
    ['a neighbour', () => neighbour],
    ['a member who has not claimed', () => c.member2],
    ['a volunteer', () => c.volunteer],
    ['a former claimer (cancelled)', () => formerClaimer],
    ['a former claimer (revoked)', () => revokedClaimer],
    ['the donor after the confirmation', () => donor],
    ['the live claimer of a 代转交 wish', () => proxyClaimer],
    ['the street admin', () => c.street],
    ['a unit admin', () => unitAdmin],
    ['a department', () => c.dept],
    ['the admin of another community', () => c.otherAdmin],
    ['a resident of another community', () => c.outsider],
  ]
  it.each(callers)('%s', async (label, who) => {
    expect(leaks(await reads(who()), own[label])).toEqual([])
  })

  it('the board shows 张*, the age band and the grid; a consented, checked photo; never the others', async () => {
    const board = await must(neighbour.call('wish', 'board', {}))
    const card = board.items.find((x: { id: string }) => x.id === ids.consented)
    expect(card).toMatchObject({ name: '王*', ageBand: '6-12岁', gridName: '第1网格' })
    expect(card.photo).toMatch(/consented\.jpg/)
    expect(board.items.find((x: { id: string }) => x.id === ids.face).photo).toBeUndefined()
    expect(board.items.find((x: { id: string }) => x.id === ids.hidden).photo).toBeUndefined()
    expect(board.items.map((x: { id: string }) => x.id)).not.toContain(ids.pending)
  })

  it('timelines carry public notes only', async () => {
    const v = await must(formerClaimer.call('wish', 'get', { wishId: ids.returned }))
    // The caller's own cancel reason is theirs to read; nobody else's note is.
    expect(v.timeline.map((t: { action: string; note?: string }) => `${t.action}:${t.note ?? ''}`)).toEqual(['post:', 'return:', 'resubmit:', 'approve:', 'claim:党员认领', `cancel:${NOTES.cancel}`, 'claim:志愿者认领', 'revoke:'])
  })
})

describe('the entitled see what they need', () => {
  it('the live claimer of a direct delivery: name, phone, address, delivery instructions', async () => {
    const v = await must(directClaimer.call('wish', 'get', { wishId: ids.direct }))
    expect(v).toMatchObject({ entitled: true, name: W.name, contact: { name: W.name, phone: W.phone, address: `${W.building} ${W.room}` }, deliveryNote: NOTES.delivery })
    // …but not the unconsented photo of another wish, nor anything of the others.
    expect(leaks([['get face', await directClaimer.call('wish', 'get', { wishId: ids.face })]])).toEqual([])
  })
  it('the wisher, the grid worker and the admin: everything, the unconsented photo too', async () => {
    for (const u of [c.resident, c.grid, c.admin]) {
      const v = await must(u.call('wish', 'get', { wishId: ids.face }))
      expect(v).toMatchObject({ contact: { name: W.name, phone: W.phone }, deliveryNote: NOTES.delivery })
      expect(v.photo).toMatch(/faceNoConsent/)
      const done = await must(u.call('wish', 'get', { wishId: ids.done }))
      expect(done.evidence).toMatchObject({ note: NOTES.evidence })
    }
  })
  it('outsiders learn nothing of a wish waiting for review, nor of another community', async () => {
    expect(await neighbour.call('wish', 'get', { wishId: ids.pending })).toMatchObject({ ok: false, error: { reason: 'WISH_NOT_FOUND' } })
    expect(await c.otherAdmin.call('wish', 'get', { wishId: ids.pending })).toMatchObject({ ok: false, error: { reason: 'OUT_OF_SCOPE' } })
    expect(await c.outsider.call('wish', 'board', { communityId: 'c1' })).toMatchObject({ ok: false, error: { reason: 'OUT_OF_SCOPE' } })
  })
})
