// WeChat open API stand-ins behind node-sdk's callWxOpenApi (action `wx.api`): the request data arrives
// as a JSON string and the answer goes back as a JSON string in data.responseData, with WeChat's own
// errcode conventions. Every call is recorded (durably) so tests and the dev page can see what would
// have been sent to real users.
import { randomBytes } from 'node:crypto'
import { isPlainObject } from './values'

export interface OpenApiCall {
  at: number
  apiName: string
  request: any
  response: any
}

export type MsgSecSuggest = 'pass' | 'review' | 'risky'
export interface MsgSecVerdict {
  suggest: MsgSecSuggest
  label: number
  keyword?: string
}
export type MsgSecChecker = (req: { content: string; openid?: string; scene?: number; title?: string; nickname?: string; signature?: string }) => MsgSecVerdict | undefined
export type OpenApiHandler = (request: any) => any

/** WeChat's content labels (security.msgSecCheck v2). */
export const MSG_SEC_LABELS = {
  normal: 100,
  ad: 10001,
  politics: 20001,
  porn: 20002,
  abuse: 20003,
  illegal: 20006,
  fraud: 20008,
  vulgar: 20012,
  other: 21000,
} as const

/** Words the local checker answers `risky` for, with the label WeChat would give. */
export const MSG_SEC_RISKY_WORDS: Readonly<Record<string, number>> = Object.freeze({
  赌博: MSG_SEC_LABELS.illegal,
  毒品: MSG_SEC_LABELS.illegal,
  枪支: MSG_SEC_LABELS.illegal,
  代开发票: MSG_SEC_LABELS.illegal,
  色情: MSG_SEC_LABELS.porn,
  裸聊: MSG_SEC_LABELS.porn,
  傻逼: MSG_SEC_LABELS.abuse,
  gambling: MSG_SEC_LABELS.illegal,
})

/** Words the local checker answers `review` for (needs a person to look). */
export const MSG_SEC_REVIEW_WORDS: Readonly<Record<string, number>> = Object.freeze({
  加微信: MSG_SEC_LABELS.ad,
  加我微信: MSG_SEC_LABELS.ad,
  兼职刷单: MSG_SEC_LABELS.fraud,
  转账: MSG_SEC_LABELS.fraud,
  返利: MSG_SEC_LABELS.ad,
  刷单: MSG_SEC_LABELS.fraud,
})

export function keywordVerdict(content: string): MsgSecVerdict {
  const lower = content.toLowerCase()
  for (const [w, label] of Object.entries(MSG_SEC_RISKY_WORDS)) if (lower.includes(w.toLowerCase())) return { suggest: 'risky', label, keyword: w }
  for (const [w, label] of Object.entries(MSG_SEC_REVIEW_WORDS)) if (lower.includes(w.toLowerCase())) return { suggest: 'review', label, keyword: w }
  return { suggest: 'pass', label: MSG_SEC_LABELS.normal }
}

/** Field rules of subscribe message data, by key prefix (keys are like thing1, phrase2, time3). */
const FIELD_RULES: Array<{ prefix: string; max: number; test?: RegExp; what: string }> = [
  { prefix: 'character_string', max: 32, test: /^[\x21-\x7e]+$/, what: 'digits, letters or symbols' },
  { prefix: 'phone_number', max: 17, test: /^[0-9+\-() ]+$/, what: 'a phone number' },
  { prefix: 'car_number', max: 8, what: 'a plate number' },
  { prefix: 'thing', max: 20, what: 'text' },
  { prefix: 'phrase', max: 5, test: /^[\u3400-\u9fff]+$/, what: 'Chinese characters only' },
  { prefix: 'name', max: 10, what: 'a name' },
  { prefix: 'number', max: 32, test: /^-?[0-9]+(\.[0-9]+)?$/, what: 'a number' },
  { prefix: 'letter', max: 32, test: /^[A-Za-z]+$/, what: 'letters only' },
  { prefix: 'symbol', max: 5, what: 'symbols' },
  { prefix: 'amount', max: 20, test: /^[¥￥]?-?[0-9]+(\.[0-9]{1,2})?元?$/, what: 'an amount' },
  { prefix: 'date', max: 40, what: 'a date' },
  { prefix: 'time', max: 40, what: 'a time' },
]

const chars = (s: string) => [...s].length

function fieldError(key: string, value: unknown): string | undefined {
  if (!isPlainObject(value) || !('value' in value)) return `data.${key} must be {value}`
  const v = value.value
  if (typeof v !== 'string' && typeof v !== 'number') return `data.${key}.value must be a string`
  const s = String(v)
  if (!s.trim()) return `data.${key}.value is empty`
  const rule = FIELD_RULES.find((r) => key.startsWith(r.prefix) && /^\d+$/.test(key.slice(r.prefix.length)))
  if (!rule) return `data.${key} is not a template field (expected e.g. thing1, phrase2, time3)`
  if (rule.prefix === 'name') {
    // WeChat: up to 10 Chinese characters, or up to 20 letters.
    const limit = /^[A-Za-z ]+$/.test(s) ? 20 : 10
    if (chars(s) > limit) return `data.${key}.value exceeds ${limit} characters`
    return undefined
  }
  if (chars(s) > rule.max) return `data.${key}.value exceeds ${rule.max} characters`
  if (rule.test && !rule.test.test(s)) return `data.${key}.value must be ${rule.what}`
  return undefined
}

function subscribeMessageSend(raw: unknown): any {
  if (!isPlainObject(raw)) return { errcode: 40097, errmsg: 'invalid args' }
  const req: any = raw
  if (typeof req.touser !== 'string' || !req.touser) return { errcode: 40003, errmsg: 'invalid openid' }
  if (typeof req.template_id !== 'string' || !req.template_id) return { errcode: 40037, errmsg: 'invalid template_id' }
  if (req.miniprogram_state !== undefined && !['developer', 'trial', 'formal'].includes(req.miniprogram_state)) {
    return { errcode: 40097, errmsg: 'invalid args: miniprogram_state' }
  }
  if (req.page !== undefined && typeof req.page !== 'string') return { errcode: 40097, errmsg: 'invalid args: page' }
  if (!isPlainObject(req.data) || Object.keys(req.data).length === 0) return { errcode: 47003, errmsg: 'argument invalid! data is empty' }
  for (const [k, v] of Object.entries(req.data)) {
    const e = fieldError(k, v)
    if (e) return { errcode: 47003, errmsg: `argument invalid! ${e}` }
  }
  return { errcode: 0, errmsg: 'ok', msgid: Number.parseInt(randomBytes(6).toString('hex'), 16) }
}

function msgSecCheck(raw: unknown, checker: MsgSecChecker | undefined): any {
  if (!isPlainObject(raw) || typeof raw.content !== 'string') return { errcode: 40097, errmsg: 'invalid args: content' }
  const req: any = raw
  const content = req.content
  if (chars(content) > 2500) return { errcode: 40097, errmsg: 'invalid args: content exceeds 2500 characters' }
  const trace_id = randomBytes(12).toString('hex')
  if (req.version !== 2) {
    // v1: no verdict detail, only 87014 for risky content.
    const v = keywordVerdict(content)
    return v.suggest === 'risky' ? { errcode: 87014, errmsg: 'risky content' } : { errcode: 0, errmsg: 'ok' }
  }
  if (typeof req.openid !== 'string' || !req.openid) return { errcode: 40003, errmsg: 'invalid openid' }
  if (![1, 2, 3, 4].includes(req.scene)) return { errcode: 40097, errmsg: 'invalid args: scene must be 1, 2, 3 or 4' }
  const v = (checker && checker({ content, openid: req.openid, scene: req.scene, title: req.title, nickname: req.nickname, signature: req.signature })) ?? keywordVerdict(content)
  const detail: any[] = [{ strategy: 'content_model', errcode: 0, suggest: v.suggest, label: v.label, prob: v.suggest === 'pass' ? 0 : v.suggest === 'review' ? 60 : 90 }]
  if (v.keyword) detail.push({ strategy: 'keyword', errcode: 0, suggest: v.suggest, label: v.label, level: v.suggest === 'risky' ? 90 : 60, keyword: v.keyword })
  return { errcode: 0, errmsg: 'ok', result: { suggest: v.suggest, label: v.label }, detail, trace_id }
}

// ---- security.mediaCheckAsync v2: an answer now (a trace_id), the verdict later by message push

/** The local rule for images, on the media URL (the file name): `risky` → risky, `review` → review. */
export function mediaVerdict(mediaUrl: string): MsgSecVerdict {
  let name = mediaUrl
  try {
    name = decodeURIComponent(new URL(mediaUrl).pathname)
  } catch {
    // not a URL: judge the string as given
  }
  const lower = name.toLowerCase()
  if (lower.includes('risky')) return { suggest: 'risky', label: MSG_SEC_LABELS.porn }
  if (lower.includes('review')) return { suggest: 'review', label: MSG_SEC_LABELS.other }
  return { suggest: 'pass', label: MSG_SEC_LABELS.normal }
}

/**
 * The function that receives the wxa_media_check push locally: in the cloud it is the one configured
 * under 云开发 → 设置 → 消息推送 for MsgType `event`, Event `wxa_media_check` (docs/deploy.md).
 */
export const MEDIA_CHECK_PUSH_FUNCTION = 'member'

/** The push WeChat sends when a mediaCheckAsync verdict is ready, as a cloud function receives it. */
export function mediaCheckPush(call: Pick<OpenApiCall, 'at' | 'request' | 'response'>): Record<string, unknown> | undefined {
  const trace_id = call.response?.trace_id
  if (typeof trace_id !== 'string' || typeof call.request?.media_url !== 'string') return undefined
  const v = mediaVerdict(call.request.media_url)
  return {
    ToUserName: 'gh_local',
    FromUserName: 'o-wechat-system',
    CreateTime: Math.floor(call.at / 1000),
    MsgType: 'event',
    Event: 'wxa_media_check',
    appid: 'wx-local',
    trace_id,
    version: 2,
    detail: [{ strategy: 'content_model', errcode: 0, suggest: v.suggest, label: v.label, prob: v.suggest === 'pass' ? 0 : 90 }],
    errcode: 0,
    errmsg: 'ok',
    result: { suggest: v.suggest, label: v.label },
  }
}

function mediaCheckAsync(raw: unknown): any {
  if (!isPlainObject(raw)) return { errcode: 40097, errmsg: 'invalid args' }
  const req: any = raw
  if (req.version !== 2) return { errcode: 40097, errmsg: 'invalid args: only version 2 is emulated' }
  if (typeof req.media_url !== 'string' || !/^https?:\/\//.test(req.media_url)) return { errcode: 40097, errmsg: 'invalid args: media_url' }
  if (req.media_type !== 1 && req.media_type !== 2) return { errcode: 40097, errmsg: 'invalid args: media_type must be 1 (audio) or 2 (image)' }
  if (typeof req.openid !== 'string' || !req.openid) return { errcode: 40003, errmsg: 'invalid openid' }
  if (![1, 2, 3, 4].includes(req.scene)) return { errcode: 40097, errmsg: 'invalid args: scene must be 1, 2, 3 or 4' }
  return { errcode: 0, errmsg: 'ok', trace_id: randomBytes(12).toString('hex') }
}

export class OpenApi {
  readonly log: OpenApiCall[] = []
  checker: MsgSecChecker | undefined
  readonly handlers = new Map<string, OpenApiHandler>()
  /**
   * Locally the verdict of mediaCheckAsync is pushed this long after the call, the way WeChat pushes
   * it: the wxa_media_check event is posted to the emulator's own wire endpoint (the origin of
   * media_url) as functions.invokeFunction of MEDIA_CHECK_PUSH_FUNCTION, with no caller identity.
   * Negative: no automatic push (build it with mediaCheckPush and invoke the function yourself).
   */
  pushDelayMs = Number(process.env.LOCALCLOUD_MEDIA_PUSH_MS ?? 300)
  private closed = false
  private readonly timers = new Set<ReturnType<typeof setTimeout>>()
  private readonly inflight = new Set<Promise<void>>()

  /**
   * No more pushes: the scheduled ones are dropped and the ones under way are waited for (at most
   * `waitMs`), so a server that closes never has a function still running against it.
   */
  async close(waitMs = 5000): Promise<void> {
    this.closed = true
    for (const t of this.timers) clearTimeout(t)
    this.timers.clear()
    if (!this.inflight.size) return
    let timer: ReturnType<typeof setTimeout> | undefined
    await Promise.race([Promise.allSettled([...this.inflight]), new Promise((r) => (timer = setTimeout(r, waitMs)))])
    clearTimeout(timer)
  }

  private later(fn: () => Promise<void>, ms: number): void {
    if (this.closed) return
    const t = setTimeout(() => {
      this.timers.delete(t)
      if (this.closed) return
      const run = fn().finally(() => this.inflight.delete(run))
      this.inflight.add(run)
    }, ms)
    t.unref()
    this.timers.add(t)
  }

  /** Delivers the verdict of an accepted mediaCheckAsync call later, as a push (see pushDelayMs). */
  private schedulePush(request: any, response: any): void {
    if (!(this.pushDelayMs >= 0)) return
    const push = mediaCheckPush({ at: Date.now(), request, response })
    if (!push) return
    let origin: string
    try {
      origin = new URL(request.media_url).origin
    } catch {
      return
    }
    const body = JSON.stringify({ action: 'functions.invokeFunction', function_name: MEDIA_CHECK_PUSH_FUNCTION, request_data: JSON.stringify(push) })
    const deliver = async (attempt: number): Promise<void> => {
      try {
        const res = await fetch(`${origin}/admin`, { method: 'POST', headers: { 'content-type': 'application/json' }, body })
        const reply = (await res.json()) as { code?: string; data?: { response_data?: string } }
        // Delivered, unless the function failed or has not stored the check yet (handled: false).
        if (!reply.code && JSON.parse(reply.data?.response_data ?? 'null')?.data?.handled !== false) return
      } catch {
        // the server is closing, or a lost reply: WeChat retries a push too
      }
      if (attempt < 4) this.later(() => deliver(attempt + 1), 250 * 2 ** attempt)
    }
    this.later(() => deliver(0), this.pushDelayMs)
  }

  /** The WeChat answer for one call, or undefined when the API is not emulated. */
  answer(apiName: string, request: any): any | undefined {
    const custom = this.handlers.get(apiName)
    if (custom) {
      const r = custom(request)
      if (r !== undefined) return r
    }
    if (apiName === 'subscribeMessage.send') return subscribeMessageSend(request)
    if (apiName === 'security.msgSecCheck') return msgSecCheck(request, this.checker)
    if (apiName === 'security.mediaCheckAsync') {
      const response = mediaCheckAsync(request)
      if (response.errcode === 0) this.schedulePush(request, response)
      return response
    }
    return undefined
  }

  calls(filter?: { apiName?: string }): OpenApiCall[] {
    const list = filter?.apiName ? this.log.filter((c) => c.apiName === filter.apiName) : this.log
    return list.map((c) => JSON.parse(JSON.stringify(c)))
  }
}
