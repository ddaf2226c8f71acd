// 注销账号 and the platform failing under 双报到: the deletion leaves no personal data in any collection
// (every collection scanned for the name, the phone and the openid), and under injected errors and lost
// replies, with the client's retries, the stored data keeps its invariants: one registration per person
// per community, the grant present exactly when the registration is approved, every outbox drained.
import { anonIdOf, ERASED_NAME } from '../../cloudfunctions/member/account'
import { registrationId } from '../../cloudfunctions/member/registrations'
import { uploadPath } from '../../cloudfunctions/common/files'
import { startTestCloud, type TestCloud, type TestUser } from '../support/localCloud'
import { acceptInput, must, orderInput } from '../support/orders'
import { reporter, reportInput, reportKey } from '../support/reports'

jest.setTimeout(240_000)

let env: TestCloud
let admin: TestUser
const quiet = [jest.spyOn(console, 'error').mockImplementation(() => undefined), jest.spyOn(console, 'warn').mockImplementation(() => undefined)]
beforeAll(async () => {
  env = await startTestCloud()
  admin = await env.user({ community: 'c1', roles: ['communityAdmin'], name: '陈红梅' })
})
afterAll(async () => {
  await env.close()
  for (const q of quiet) q.mockRestore()
})

/** Every stored document of every collection, as text, with the collection named. */
function everything(): Array<[string, string]> {
  return env.cloud.emulator.db.collections().flatMap((c) => env.findAll(c).map((d) => [c, JSON.stringify(d)] as [string, string]))
}

describe('member.deleteAccount', () => {
  it('erases the person everywhere; the ledger and the audit keep their entries without the identity', async () => {
    const NAME = '欧阳注销'
    const NICK = '注销的昵称'
    const PHONE = '13955556666'
    const p = await reporter(env, { name: NAME, phone: PHONE, id: 'o-leaver-0001' })
    await must(p.call('member', 'updateProfile', { nickname: NICK }))
    const neighbour = await env.user({ community: 'c1', name: '邻居老王', phone: '13811110000' })
    // A member through 双报到, with their name, phone and promise on the registration.
    const reg = await must(p.call('member', 'report', reportInput({ realName: NAME, phone: PHONE })))
    await must(admin.call('member', 'reviewReport', { registrationId: reg.id, decision: 'approve' }))
    // Their own order, with a photo of theirs and their room.
    const photo = env.cloud.emulator.storage.put(uploadPath(p.openid, new Date(env.clock.now()), 'leak.jpg'), Buffer.from('jpeg'), 'image/jpeg')
    const own = await must(p.call('order', 'submit', orderInput({ photos: [photo], place: { kind: 'room', buildingId: 'c1-g1-b1', room: '9单元909' } })))
    await must(admin.call('order', 'accept', acceptInput(env, own.id)))
    // Work they claimed and did for a neighbour, paid into the ledger.
    const work = await must(neighbour.call('order', 'submit', orderInput({ text: '帮忙修一下水龙头' })))
    await must(admin.call('order', 'accept', acceptInput(env, work.id, { points: 12 })))
    await must(admin.call('order', 'publish', { orderId: work.id }))
    await must(p.call('order', 'claim', { orderId: work.id }))
    await must(p.call('order', 'start', { orderId: work.id }))
    const workPhoto = env.cloud.emulator.storage.put(uploadPath(p.openid, new Date(env.clock.now()), 'after.jpg'), Buffer.from('jpeg'), 'image/jpeg')
    await must(p.call('order', 'complete', { orderId: work.id, note: '已修好', photos: [workPhoto] }))
    await must(neighbour.call('order', 'confirm', { orderId: work.id }))
    expect(env.findAll('ledger', { openid: p.openid })).toHaveLength(1)
    const before = everything()
    expect(before.some(([, t]) => t.includes(NAME))).toBe(true)
    expect(before.some(([, t]) => t.includes(PHONE))).toBe(true)
    expect(env.cloud.emulator.storage.get(photo)).not.toBeNull()

    expect(await p.call('member', 'deleteAccount', { confirm: true })).toEqual({ ok: true, data: { deleted: true } })
    // A retry after a lost reply answers the same.
    expect(await p.call('member', 'deleteAccount', { confirm: true })).toEqual({ ok: true, data: { deleted: true } })

    const after = everything()
    for (const needle of [NAME, NICK, PHONE, p.openid, '9单元909']) expect([needle, after.filter(([, t]) => t.includes(needle)).map(([c]) => c)]).toEqual([needle, []])
    expect(env.cloud.emulator.storage.get(photo)).toBeNull()
    expect(env.cloud.emulator.storage.get(workPhoto)).toBeNull()
    expect(env.find('users', p.openid)).toBeNull()
    expect(env.findAll('registrations', { openid: p.openid })).toEqual([])
    // Kept without the identity: the ledger entry (points earned stay counted) and the order histories.
    const anon = anonIdOf(p.openid)
    expect(env.findAll('ledger', { openid: anon })).toEqual([expect.objectContaining({ points: 12, sourceId: work.id })])
    expect(env.find('orders', own.id)).toMatchObject({ ordererId: anon, ordererName: ERASED_NAME, photos: [] })
    expect(env.find('orders', own.id).ordererPhone).toBeUndefined()
    expect(env.find('orders', work.id).claims[0]).toMatchObject({ openid: anon, name: ERASED_NAME, status: 'paid' })
    // Others' data is left alone.
    expect(env.find('users', neighbour.openid)).toMatchObject({ realName: '邻居老王', phone: '13811110000' })
    expect(env.find('orders', work.id)).toMatchObject({ ordererName: '邻居老王', status: 'confirmed' })
    // The neighbour's order still works for the neighbour.
    expect(await neighbour.call('order', 'rate', { orderId: work.id, stars: 5 })).toMatchObject({ ok: true })
    // An admin's deletion keeps the audit trail under the anonymous id.
    const gone = env.findAll('audit', { by: admin.openid }).length
    expect(gone).toBeGreaterThan(0)
    await must(admin.call('member', 'deleteAccount', { confirm: true }))
    expect(env.findAll('audit', { by: admin.openid })).toEqual([])
    expect(env.findAll('audit', { by: anonIdOf(admin.openid) })).toHaveLength(gone)
    expect(everything().filter(([, t]) => t.includes(admin.openid) || t.includes('陈红梅'))).toEqual([])
  })
})

type Res = Awaited<ReturnType<TestUser['call']>>
async function retrying(user: TestUser, action: string, payload: object, tries = 40): Promise<Res> {
  let last: Res | undefined
  for (let i = 0; i < tries; i++) {
    last = await user.call('member', action, payload)
    if (last.ok || (last.error.code !== 'UNAVAILABLE' && last.error.code !== 'INTERNAL')) return last
  }
  return last!
}

describe('双报到 on a failing platform', () => {
  it.each([17, 29, 41])('15%% errors and 5%% lost replies with client retries (seed %d): one registration per person per community, a grant iff approved', async (seed) => {
    // (The first admin deleted their account above.)
    const admin = await env.user({ community: 'c1', roles: ['communityAdmin'], name: `陈书记${seed}` })
    const admin2 = await env.user({ community: 'c1', roles: ['communityAdmin'], name: '马书记' })
    const people = await Promise.all(Array.from({ length: 24 }, (_, i) => reporter(env, { id: `o-fault-${seed}-${String(i).padStart(2, '0')}`, name: `故障${i}号` })))
    env.cloud.emulator.setFaults({ errorRate: 0.15, dropReplyRate: 0.05, seed, actions: ['database.'] })
    // Everyone reports (each form submission its own key, retried with it), some twice over (a double tap).
    const keys = people.map(() => reportKey())
    const reports = await Promise.all(people.map((p, i) => retrying(p, 'report', reportInput({ requestKey: keys[i], realName: `故障${i}号` }))))
    await Promise.all(people.filter((_p, i) => i % 3 === 0).map((p) => retrying(p, 'report', reportInput({ requestKey: keys[people.indexOf(p)], realName: '故障' }))))
    const ids = people.map((p) => registrationId(p.openid, 'c1'))
    // Two admins decide at once: most approved (by both, racing), some returned, then some of those withdrawn or revoked.
    const reviews = await Promise.all(
      ids.flatMap((id, i) =>
        i % 4 === 3
          ? [retrying(admin, 'reviewReport', { registrationId: id, decision: 'return', reason: '信息不全' })]
          : [retrying(admin, 'reviewReport', { registrationId: id, decision: 'approve' }), retrying(admin2, 'reviewReport', { registrationId: id, decision: 'approve' })],
      ),
    )
    await Promise.all(
      ids.map((id, i) =>
        i % 6 === 0 ? retrying(people[i], 'withdrawReport', { registrationId: id }) : i % 6 === 1 ? retrying(admin, 'reviewReport', { registrationId: id, decision: 'revoke', reason: '搬离' }) : Promise.resolve(undefined),
      ),
    )
    const injected = env.cloud.emulator.stats().faultsInjected
    env.cloud.emulator.setFaults(undefined)
    expect(injected.error + injected.dropReply).toBeGreaterThan(10)
    // Every call ended (retried until the platform let it through): ok, or a refusal of the loser of a race.
    for (const r of [...reports, ...reviews]) expect(r.ok ? 'ok' : r.error.reason).toMatch(/^(ok|REGISTRATION_TRANSITION_NOT_ALLOWED)$/)

    // What a call could not deliver, the timer does.
    env.clock.advance(5 * 60_000)
    const swept = await env.cloud.runtime.invoke('member', { Type: 'Timer', TriggerName: 'memberSweep' }, {})
    expect(swept).toMatchObject({ ok: true })

    for (const [i, p] of people.entries()) {
      const regs = env.findAll('registrations', { openid: p.openid })
      expect(regs.length).toBeLessThanOrEqual(1)
      const reg = regs[0]
      const grants = (env.find('users', p.openid).grants as Array<{ role: string; communityId: string }>).filter((g) => g.role === 'member')
      if (!reg) {
        expect(grants).toEqual([])
        continue
      }
      expect(reg._id).toBe(ids[i])
      expect(reg.outbox).toEqual([])
      expect([reg.status, grants.length]).toEqual([reg.status, reg.status === 'approved' ? 1 : 0])
      expect(reg.timeline.filter((t: { action: string }) => t.action === 'approve').length).toBeLessThanOrEqual(1)
      if (reg.status === 'approved') expect(env.findAll('audit', { targetId: reg._id, action: 'registration.approve' })).toHaveLength(1)
    }
    const statuses = people.map((p) => env.findAll('registrations', { openid: p.openid })[0]?.status)
    expect(statuses.filter((s) => s === 'approved').length).toBeGreaterThan(5)
    expect([seed, [...new Set(statuses)].sort()]).toEqual([seed, ['approved', 'returned', 'revoked', 'withdrawn']])
  })
})
