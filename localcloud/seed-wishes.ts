// Demo 微心愿 at different points of their life, made through the real wish calls as the demo people
// would, so that they are exactly what the function would have stored: one waiting for the community's
// review (待审核), one on the board (待认领), one a grid worker posted for an elder with 代转交 and a
// volunteer claimed (已认领), and one the unit u1 claimed as a 共建单位, delivered and the wisher
// confirmed with thanks (已实现; it is in the unit's 报到台账 and on the 圆梦墙). On a flaky cloud each call
// is retried until it lands: posts carry fixed request keys (a retry gets the first wish, never a
// second), repeated moves answer ok, and each wish is moved on from the state it is found in, so a
// resumed start finishes what an earlier one began.
import { uploadPath } from '../cloudfunctions/common/files'
import type { Emulator } from './emulator'
import type { Runtime } from './runtime'
import { seedCaller, type SeedCallOptions } from './seed-call'

export type SeedWishesOptions = Pick<SeedCallOptions, 'attempts' | 'resuming'>

const ADMIN = 'demo-admin-c1'
const UNIT_ADMIN = 'demo-unit-admin'

/** A small warm-coloured picture for the delivery's evidence (the demo has no camera). */
const EVIDENCE_PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAADAAAAAkCAIAAABAJy5dAAAAM0lEQVR42u3OAQkAAAgDsOc1nbGMYQ2FwQIs03VKhISEhISEhISEhISEhISEhISEhD6FFiMsjkTM1qksAAAAAElFTkSuQmCC',
  'base64',
)

type View = { id: string; status: string }
type Step = { at: string; run: (id: string) => Promise<unknown> }

export async function seedWishes(cloud: { emulator: Emulator; runtime: Runtime }, now = Date.now(), opts: SeedWishesOptions = {}): Promise<number> {
  const call = seedCaller(cloud.runtime, { ...opts, acceptAlreadyMade: true })
  // The wished-by day a month ahead (Beijing), as a person would pick it.
  const wishedBy = new Date(now + 30 * 86400_000 + 8 * 3600_000).toISOString().slice(0, 10)
  const post = (openid: string, key: string, input: Record<string, unknown>): Promise<View> =>
    call('wish', openid, 'post', { requestKey: `demo-seed-wish-${key}`, consent: true, wishedBy, delivery: 'direct', ...input })

  /**
   * Moves a wish on until it reaches `target`: each step runs in the state it names; the state is read
   * again after every step (a step refused as already made, or whose reply was lost, still moved it).
   * A wish found past its steps (someone used the demo meanwhile) is left as it is.
   */
  async function advance(owner: string, first: View, target: string, steps: Step[]): Promise<void> {
    let status = first.status
    for (let i = 0; i <= steps.length * 3 && status !== target; i++) {
      const step = steps.find((s) => s.at === status)
      if (!step) return
      await step.run(first.id)
      status = ((await call('wish', owner, 'get', { wishId: first.id })) as View).status
    }
    if (status !== target) throw new Error(`seed: wish ${first.id} stopped at ${status}, not ${target}`)
  }
  const approve: Step = { at: 'pending_review', run: (wishId) => call('wish', ADMIN, 'review', { wishId, decision: 'approve' }) }

  // 待审核: in the community's review queue.
  await post('demo-resident-3', 'pending', {
    title: '想要一个护腰坐垫',
    story: '老伴腰椎不好，在家久坐就疼，想要一个护腰坐垫，让他看电视时舒服一点。',
    category: '生活物资',
    beneficiaryType: '老人',
    ageBand: '60-79岁',
    value: 60,
    deliveryNote: '工作日下午家里有人',
  })

  // 待认领: on the board.
  const open = await post('demo-resident-2', 'open', {
    title: '想要几本课外读物',
    story: '孙子上四年级，特别喜欢看书，家里的书都翻了好几遍了，想要几本适合他看的课外书。',
    category: '学习用品',
    beneficiaryType: '儿童',
    ageBand: '6-12岁',
    value: 100,
  })
  await advance('demo-resident-2', open, 'open', [approve])

  // 已认领: the grid worker posts for an elder without a phone, delivered through the grid (代转交).
  const proxy = await post('demo-grid-1', 'proxy', {
    title: '想要一个电热水壶',
    story: '独居老人，家里的烧水壶坏了，每天用锅烧水不方便，想要一个能自动断电的电热水壶。',
    category: '生活物资',
    beneficiaryType: '老人',
    ageBand: '80岁及以上',
    value: 80,
    delivery: 'proxy',
    onBehalfOf: { name: '张桂兰', buildingId: 'c1-g1-b2', room: '3单元101' },
  })
  await advance('demo-grid-1', proxy, 'claimed', [approve, { at: 'open', run: (wishId) => call('wish', 'demo-volunteer-1', 'claim', { wishId }) }])

  // 已实现 with thanks: the unit u1 (a 共建单位 of 和平社区 since seedOrg) claims as a unit and delivers.
  const done = await post('demo-resident-1', 'done', {
    title: '想要一个新书包',
    story: '女儿上三年级，书包背带断了好几次，缝了又断，想给她换一个结实的新书包。',
    category: '学习用品',
    beneficiaryType: '儿童',
    ageBand: '6-12岁',
    value: 80,
    deliveryNote: '周末下午在家',
  })
  await advance('demo-resident-1', done, 'confirmed', [
    approve,
    { at: 'open', run: (wishId) => call('wish', UNIT_ADMIN, 'claim', { wishId, unitId: 'u1' }) },
    {
      at: 'claimed',
      run: (wishId) => {
        // The unit admin's own upload, as the mini-program would put it.
        const photo = cloud.emulator.storage.put(uploadPath(UNIT_ADMIN, new Date(now), `demo-wish-${wishId}.png`), EVIDENCE_PNG, 'image/png')
        return call('wish', UNIT_ADMIN, 'fulfil', { wishId, note: '单位党员一起挑了一个护脊书包，送到家里了，孩子很喜欢。', photos: [photo] })
      },
    },
    { at: 'fulfilled', run: (wishId) => call('wish', 'demo-resident-1', 'confirm', { wishId, thanks: '谢谢区税务局的叔叔阿姨，孩子背上新书包可高兴了！' }) },
  ])
  return 4
}
