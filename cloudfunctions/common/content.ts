// User text passes WeChat's content check (security.msgSecCheck v2) before anyone else sees it.
// Locally the emulator answers with its keyword checker through the same open-API call.
import { app } from './cloud'
import { fail } from './errors'

export type Verdict = 'pass' | 'review'

/** Scenes of msgSecCheck v2: 1 资料, 2 评论, 3 论坛, 4 社交日志. */
export async function checkText(openid: string, text: string, scene: 1 | 2 | 3 | 4 = 3): Promise<Verdict> {
  if (!text.trim()) return 'pass'
  const res = await app.callWxOpenApi({
    apiName: 'security.msgSecCheck',
    requestData: { version: 2, openid, scene, content: text.slice(0, 2500) },
  })
  const body = typeof res.result === 'string' ? JSON.parse(res.result) : (res.result ?? {})
  if (body.errcode && body.errcode !== 0) {
    // The checker is down or refused us: hold for a person rather than publish unchecked.
    return 'review'
  }
  const suggest = body.result?.suggest
  if (suggest === 'risky') fail('CONTENT_RISKY')
  return suggest === 'pass' ? 'pass' : 'review'
}
