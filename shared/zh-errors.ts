// Chinese messages for zod's built-in checks, so a field error reads naturally wherever it is shown.
// Schemas that need a sharper sentence give their own message; this is the fallback.
import { z, ZodIssueCode, type ZodErrorMap } from 'zod'

export const zhErrorMap: ZodErrorMap = (issue, ctx) => {
  switch (issue.code) {
    case ZodIssueCode.invalid_type:
      if (issue.received === 'undefined') return { message: '此项必填' }
      // A number field left empty (the form sends NaN): say to fill it, not that its format is wrong.
      if (issue.received === 'nan') return { message: '请填写数字' }
      return { message: '格式不正确' }
    case ZodIssueCode.too_small:
      if (issue.type === 'string') return { message: issue.minimum === 1 ? '此项必填' : `至少${issue.minimum}个字` }
      if (issue.type === 'array') return { message: `至少选择${issue.minimum}项` }
      return { message: `不能小于${issue.minimum}` }
    case ZodIssueCode.too_big:
      if (issue.type === 'string') return { message: `最多${issue.maximum}个字` }
      if (issue.type === 'array') return { message: `最多${issue.maximum}项` }
      return { message: `不能大于${issue.maximum}` }
    case ZodIssueCode.invalid_enum_value:
      return { message: '请从给定的选项中选择' }
    case ZodIssueCode.unrecognized_keys:
      return { message: `不认识的字段：${issue.keys.join('、')}` }
    case ZodIssueCode.invalid_string:
      return { message: '格式不正确' }
    case ZodIssueCode.invalid_date:
      return { message: '日期不正确' }
    default:
      return { message: ctx.defaultError === 'Invalid input' ? '填写的内容有误' : ctx.defaultError }
  }
}

z.setErrorMap(zhErrorMap)

/** Flattens a zod error into path → first message, the shape of `error.fields`. */
export function fieldErrors(error: z.ZodError): Record<string, string> {
  const out: Record<string, string> = {}
  for (const issue of error.issues) {
    const key = issue.path.length ? issue.path.join('.') : '_'
    if (!(key in out)) out[key] = issue.message
  }
  return out
}
