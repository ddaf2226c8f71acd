import Taro from '@tarojs/taro'
import { Image, View } from '@tarojs/components'
import { useState } from 'react'
import { uploadTexts } from '@shared/uploads'
import { choosePhotos, preparePhoto } from '../api/photos'
import { uploadFile } from '../api/upload'
import { toApiError } from '../api/errors'
import { useSession } from '../hooks/session'
import { tappable } from './a11y'
import { cx } from './cx'
import './PhotoPicker.css'

export interface Photo {
  fileID: string
  /** What to draw: the local temp path (weapp), or the gateway's URL (h5). */
  url: string
}

/**
 * Up to `max` photos: choose (api/photos.ts) → refuse what is no image or too large, by name and in
 * view, compress the large → uploadFile → fileIDs, with thumbnails, remove and preview. The hint under
 * the grid says what is taken. The order keeps fileIDs only; URLs are for this screen.
 */
export function PhotoPicker({ value, onChange, max = 6, id }: { value: Photo[]; onChange: (photos: Photo[]) => void; max?: number; id?: string }) {
  const [uploading, setUploading] = useState(0)
  const [refused, setRefused] = useState<string[]>([])
  // Uploads go into the signed-in person's own folder (the functions refuse anyone else's files).
  const openid = useSession().profile?.openid

  async function add() {
    if (uploading) return
    const chosen = await choosePhotos(max - value.length)
    if (!chosen.length) return // the person closed the chooser
    setRefused([])
    setUploading(chosen.length)
    const added: Photo[] = []
    const notes: string[] = []
    let failed: unknown
    for (const c of chosen) {
      try {
        const ready = await preparePhoto(c)
        if (!ready.ok) notes.push(ready.message)
        else {
          const up = await uploadFile(ready.path, openid)
          added.push({ fileID: up.fileID, url: up.url || ready.path })
        }
      } catch (e) {
        failed = e
      }
      setUploading((n) => Math.max(0, n - 1))
    }
    if (added.length) onChange([...value, ...added].slice(0, max))
    setRefused(notes)
    if (failed) Taro.showToast({ title: `有${chosen.length - added.length - notes.length}张图片没有传上去：${toApiError(failed).message}`, icon: 'none' })
  }

  return (
    <View className='lx-photos' id={id}>
      {value.map((p, i) => (
        <View key={p.fileID} className='lx-photos__item'>
          <Image className='lx-photos__img' src={p.url} mode='aspectFill' nativeProps={{ alt: `第${i + 1}张照片` }} {...tappable('button', `查看第${i + 1}张图片`)} onClick={() => Taro.previewImage({ urls: value.map((x) => x.url), current: p.url })} />
          <View className='lx-photos__remove' {...tappable('button', `删除第${i + 1}张图片`)} onClick={() => onChange(value.filter((_, j) => j !== i))}>
            ×
          </View>
        </View>
      ))}
      {Array.from({ length: uploading }, (_, i) => (
        <View key={`up-${i}`} className='lx-photos__item lx-photos__item--busy'>
          <View className='lx-spinner' />
        </View>
      ))}
      {value.length + uploading < max && (
        <View className={cx('lx-photos__add')} onClick={() => void add()} {...tappable('button')}>
          <View className='lx-photos__plus' aria-hidden='true'>
            ＋
          </View>
          <View className='lx-photos__label'>添加照片</View>
          <View className='lx-photos__hint lx-caption'>
            {value.length}/{max}
          </View>
        </View>
      )}
      <View className='lx-photos__rule'>{uploadTexts.hint(max)}</View>
      {refused.map((m) => (
        <View key={m} className='lx-photos__refused' role='alert'>
          {m}
        </View>
      ))}
    </View>
  )
}

/** Photos someone else took, read-only, tap to enlarge. */
export function PhotoGrid({ urls }: { urls: string[] }) {
  if (!urls.length) return null
  return (
    <View className='lx-photos lx-photos--readonly'>
      {urls.map((u, i) => (
        <View key={u} className='lx-photos__item'>
          <Image className='lx-photos__img' src={u} mode='aspectFill' nativeProps={{ alt: `第${i + 1}张照片` }} {...tappable('button', `查看第${i + 1}张图片`)} onClick={() => Taro.previewImage({ urls, current: u })} />
        </View>
      ))}
    </View>
  )
}
