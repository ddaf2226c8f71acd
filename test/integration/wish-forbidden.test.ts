// Every call of the wish function refused for the wrong role, another community, someone else's record,
// a state that does not allow it, or bad input — and each refusal writes nothing: the wishes, the ledger,
// the audit trail and the notifications are byte for byte what they were.
import { uploadPath } from '../../cloudfunctions/common/files'
import { startTestCloud, type TestCloud, type TestUser } from '../support/localCloud'
import { cast, type Cast } from '../support/orders'
import { must, openWish, wishInput } from '../support/wishes'

jest.setTimeout(120_000)

let env: TestCloud
let c: Cast
let neighbour: TestUser
let otherMember: TestUser
let unitAdmin: TestUser
let memberWisher: TestUser
const ids: Record<string, string> = {}
let strangerPhoto: string
let claimerPhoto: string
let member2Photo: string

beforeAll(async () => {
  env = await startTestCloud()
  c = await cast(env)
  neighbour = await env.user({ community: 'c1', name: '赵大妈' })
  otherMember = await env.user({ community: 'c2', roles: ['member'], name: '外社区党员' })
  unitAdmin = await env.user({ roles: ['unitAdmin'], unit: 'u1', street: 's1', name: '何文静' })
  memberWisher = await env.user({ community: 'c1', roles: ['member'], name: '党员居民' })
  strangerPhoto = env.cloud.emulator.storage.put(uploadPath(neighbour.openid, new Date(env.clock.now()), 'n.jpg'), Buffer.from('jpeg'), 'image/jpeg')
  claimerPhoto = env.cloud.emulator.storage.put(uploadPath(c.member.openid, new Date(env.clock.now()), 'm.jpg'), Buffer.from('jpeg'), 'image/jpeg')
  member2Photo = env.cloud.emulator.storage.put(uploadPath(c.member2.openid, new Date(env.clock.now()), 'm2.jpg'), Buffer.from('jpeg'), 'image/jpeg')
  ids.pending = (await must(c.resident.call('wish', 'post', wishInput(env)))).id
  ids.open = await openWish(env, c.resident, c.admin, { title: '想要一盏台灯' })
  ids.own = await openWish(env, memberWisher, c.admin, { title: '想要一本书' })
  ids.claimed = await openWish(env, c.resident, c.admin, { title: '想要一个篮球' })
  await must(c.member.call('wish', 'claim', { wishId: ids.claimed }))
  ids.fulfilled = await openWish(env, c.resident, c.admin, { title: '想要一双手套' })
  await must(c.member.call('wish', 'claim', { wishId: ids.fulfilled }))
  await must(c.member.call('wish', 'fulfil', { wishId: ids.fulfilled, note: '已送到', photos: [claimerPhoto] }))
})
afterAll(() => env.close())

const world = () => JSON.stringify(['wishes', 'ledger', 'audit', 'notifications'].map((k) => env.findAll(k).sort((a, b) => (a._id < b._id ? -1 : 1))))

type Case = [string, () => TestUser, string, () => object, string]
const p = (over: Record<string, unknown> = {}) => () => wishInput(env, over)
const CASES: Case[] = [
  // post
  ['post: a street admin (no resident grant)', () => c.street, 'post', p(), 'ROLE_REQUIRED'],
  ['post: a department', () => c.dept, 'post', p(), 'ROLE_REQUIRED'],
  ['post: a title over 20 characters', () => c.resident, 'post', p({ title: '一'.repeat(21) }), 'BAD_INPUT'],
  ['post: a story over 300 characters', () => c.resident, 'post', p({ story: '长'.repeat(301) }), 'BAD_INPUT'],
  ['post: an unknown category', () => c.resident, 'post', p({ category: '玩具' }), 'BAD_INPUT'],
  ['post: an unknown age band', () => c.resident, 'post', p({ ageBand: '35岁' }), 'BAD_INPUT'],
  ['post: without the consent to publish', () => c.resident, 'post', p({ consent: false }), 'BAD_INPUT'],
  ['post: a day that does not exist', () => c.resident, 'post', p({ wishedBy: '2026-02-30' }), 'BAD_INPUT'],
  ['post: over the community’s value cap', () => c.resident, 'post', p({ value: 201 }), 'WISH_VALUE_OVER_CAP'],
  ['post: someone else’s photo', () => c.resident, 'post', () => wishInput(env, { photo: strangerPhoto }), 'FILE_NOT_OWNED'],
  ['post: on behalf, as a plain resident', () => c.resident, 'post', p({ onBehalfOf: { name: '李奶奶', buildingId: 'c1-g1-b1', room: '1单元101' } }), 'ROLE_REQUIRED'],
  ['post: on behalf, by a grid worker outside their grid', () => c.grid, 'post', p({ onBehalfOf: { name: '李奶奶', buildingId: 'c1-g2-b1', room: '1单元101' } }), 'OUT_OF_SCOPE'],
  ['post: on behalf, by another community’s admin', () => c.otherAdmin, 'post', p({ onBehalfOf: { name: '李奶奶', buildingId: 'c1-g1-b1', room: '1单元101' } }), 'OUT_OF_SCOPE'],
  // review
  ['review: a member', () => c.member, 'review', () => ({ wishId: ids.pending, decision: 'approve' }), 'ROLE_REQUIRED'],
  ['review: a grid worker', () => c.grid, 'review', () => ({ wishId: ids.pending, decision: 'approve' }), 'ROLE_REQUIRED'],
  ['review: another community’s admin', () => c.otherAdmin, 'review', () => ({ wishId: ids.pending, decision: 'approve' }), 'OUT_OF_SCOPE'],
  ['review: return without a reason', () => c.admin, 'review', () => ({ wishId: ids.pending, decision: 'return' }), 'BAD_INPUT'],
  ['review: redact with nothing to change', () => c.admin, 'review', () => ({ wishId: ids.pending, decision: 'redact' }), 'BAD_INPUT'],
  ['review: approve a claimed wish', () => c.admin, 'review', () => ({ wishId: ids.claimed, decision: 'approve' }), 'WISH_TRANSITION_NOT_ALLOWED'],
  ['review: redact a claimed wish', () => c.admin, 'review', () => ({ wishId: ids.claimed, decision: 'redact', title: '新标题' }), 'WISH_TRANSITION_NOT_ALLOWED'],
  // resubmit / withdraw
  ['resubmit: a wish not returned', () => c.resident, 'resubmit', () => { const { requestKey: _k, consent: _c, ...f } = wishInput(env); return { wishId: ids.pending, ...f } }, 'WISH_TRANSITION_NOT_ALLOWED'],
  ['resubmit: someone else’s wish', () => c.admin, 'resubmit', () => { const { requestKey: _k, consent: _c, ...f } = wishInput(env); return { wishId: ids.pending, ...f } }, 'WISH_NOT_YOURS'],
  ['withdraw: a neighbour, a wish waiting for review', () => neighbour, 'withdraw', () => ({ wishId: ids.pending }), 'WISH_NOT_FOUND'],
  ['withdraw: a member, someone else’s wish', () => c.member2, 'withdraw', () => ({ wishId: ids.open }), 'WISH_NOT_YOURS'],
  ['withdraw: another community’s admin', () => c.otherAdmin, 'withdraw', () => ({ wishId: ids.open }), 'OUT_OF_SCOPE'],
  ['withdraw: a claimed wish', () => c.resident, 'withdraw', () => ({ wishId: ids.claimed }), 'WISH_TRANSITION_NOT_ALLOWED'],
  // reads
  ['board: another community', () => c.outsider, 'board', () => ({ communityId: 'c1' }), 'OUT_OF_SCOPE'],
  ['board: an unknown filter', () => c.resident, 'board', () => ({ category: '玩具' }), 'BAD_INPUT'],
  ['board: a forged cursor', () => c.resident, 'board', () => ({ cursor: 'not-a-cursor' }), 'BAD_INPUT'],
  ['get: a wish waiting for review, by a neighbour', () => neighbour, 'get', () => ({ wishId: ids.pending }), 'WISH_NOT_FOUND'],
  ['get: a wish that does not exist', () => c.resident, 'get', () => ({ wishId: 'nope' }), 'WISH_NOT_FOUND'],
  ['manage: a member', () => c.member, 'manage', () => ({}), 'ROLE_REQUIRED'],
  ['manage: an admin asking for another community', () => c.admin, 'manage', () => ({ communityId: 'c2' }), 'OUT_OF_SCOPE'],
  // claim
  ['claim: a plain resident', () => neighbour, 'claim', () => ({ wishId: ids.open }), 'ROLE_REQUIRED'],
  ['claim: a member of another community', () => otherMember, 'claim', () => ({ wishId: ids.open }), 'ROLE_REQUIRED'],
  ['claim: a unit that is not a partner', () => unitAdmin, 'claim', () => ({ wishId: ids.open }), 'ROLE_REQUIRED'],
  ['claim: naming a unit that is not theirs', () => c.member2, 'claim', () => ({ wishId: ids.open, unitId: 'u1' }), 'OUT_OF_SCOPE'],
  ['claim: one’s own wish', () => memberWisher, 'claim', () => ({ wishId: ids.own }), 'ROLE_REQUIRED'],
  ['claim: a wish waiting for review', () => c.member2, 'claim', () => ({ wishId: ids.pending }), 'WISH_NOT_FOUND'],
  ['claim: a wish someone holds', () => c.member2, 'claim', () => ({ wishId: ids.claimed }), 'WISH_TAKEN'],
  // cancel / revoke / fulfil
  ['cancelClaim: not the claimer', () => c.member2, 'cancelClaim', () => ({ wishId: ids.claimed, reason: '没空' }), 'WISH_NOT_CLAIMED_BY_YOU'],
  ['cancelClaim: without a reason', () => c.member, 'cancelClaim', () => ({ wishId: ids.claimed }), 'BAD_INPUT'],
  ['cancelClaim: after fulfilling', () => c.member, 'cancelClaim', () => ({ wishId: ids.fulfilled, reason: '不想送了' }), 'WISH_TRANSITION_NOT_ALLOWED'],
  ['revoke: a member', () => c.member2, 'revoke', () => ({ wishId: ids.claimed, reason: '不合适' }), 'ROLE_REQUIRED'],
  ['revoke: another community’s admin', () => c.otherAdmin, 'revoke', () => ({ wishId: ids.claimed, reason: '不合适' }), 'OUT_OF_SCOPE'],
  ['revoke: a wish nobody holds', () => c.admin, 'revoke', () => ({ wishId: ids.open, reason: '不合适' }), 'WISH_TRANSITION_NOT_ALLOWED'],
  ['fulfil: not the claimer', () => c.member2, 'fulfil', () => ({ wishId: ids.claimed, note: '送到了', photos: [member2Photo] }), 'WISH_NOT_CLAIMED_BY_YOU'],
  ['fulfil: without evidence photos', () => c.member, 'fulfil', () => ({ wishId: ids.claimed, note: '送到了', photos: [] }), 'BAD_INPUT'],
  ['fulfil: someone else’s photo', () => c.member, 'fulfil', () => ({ wishId: ids.claimed, note: '送到了', photos: [strangerPhoto] }), 'FILE_NOT_OWNED'],
  // confirm / thank
  ['confirm: the claimer', () => c.member, 'confirm', () => ({ wishId: ids.fulfilled }), 'WISH_NOT_YOURS'],
  ['confirm: a neighbour', () => neighbour, 'confirm', () => ({ wishId: ids.fulfilled }), 'WISH_NOT_YOURS'],
  ['confirm: another community’s admin', () => c.otherAdmin, 'confirm', () => ({ wishId: ids.fulfilled }), 'OUT_OF_SCOPE'],
  ['confirm: before it was fulfilled', () => c.resident, 'confirm', () => ({ wishId: ids.claimed }), 'WISH_TRANSITION_NOT_ALLOWED'],
  ['confirm: a thank-you over 100 characters', () => c.resident, 'confirm', () => ({ wishId: ids.fulfilled, thanks: '谢'.repeat(101) }), 'BAD_INPUT'],
  ['thank: before the confirmation', () => c.resident, 'thank', () => ({ wishId: ids.fulfilled, thanks: '谢谢' }), 'WISH_TRANSITION_NOT_ALLOWED'],
  ['thank: a neighbour', () => neighbour, 'thank', () => ({ wishId: ids.fulfilled, thanks: '谢谢' }), 'WISH_NOT_YOURS'],
  ['an unknown action', () => c.resident, 'approveAll', () => ({}), 'UNKNOWN_ACTION'],
]

it.each(CASES)('%s → refused, nothing written', async (_label, who, action, payload, reason) => {
  const before = world()
  const r = await who().call('wish', action, payload())
  expect(r).toMatchObject({ ok: false, error: { reason } })
  expect(world()).toBe(before)
})

it('every call of the function is refused at least once above', () => {
  const { wishApi } = jest.requireActual('../../shared/contracts/wish') as typeof import('../../shared/contracts/wish')
  const covered = new Set(CASES.map((x) => x[2]))
  expect(Object.keys(wishApi).filter((a) => !covered.has(a) && a !== 'wall' && a !== 'mine' && a !== 'listMine')).toEqual([])
})
