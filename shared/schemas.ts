// Small schemas reused by many contracts.
import { z } from 'zod'

export const id = z.string().trim().min(1, '缺少编号').max(64, '编号过长')
export const phone = z.string().regex(/^1\d{10}$/, '请输入11位手机号')
export const personName = z.string().trim().min(1, '请填写姓名').max(20, '姓名最多20个字')
export const pageInput = z.object({
  /** Opaque cursor from the previous page; absent for the first page. */
  cursor: z.string().max(200).optional(),
  size: z.number().int().min(1).max(50).default(20),
})
export type PageInput = z.infer<typeof pageInput>
export interface Page<T> {
  items: T[]
  /** Absent when there is nothing more. */
  nextCursor?: string
}
