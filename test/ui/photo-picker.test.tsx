// The photo picker (issue 12, finding 11): it says what it takes (images, the size limit, that large
// photos are compressed), refuses a file that is no image by name and type in view instead of dropping
// it without a word, and uploads the images.
import { fireEvent, screen, waitFor } from '@testing-library/react'
import { useState } from 'react'
import { PhotoPicker, type Photo } from '../../miniprogram/src/components'
import { UPLOAD_MAX_MB } from '../../shared/uploads'
import { aProfile, installFetch, memberBackend, ok, type SentRequest } from './fake-network'
import { renderApp } from './render'
import { taroStub } from './taro-stub'

beforeEach(() => {
  taroStub.reset()
  taroStub.storage.set('lianxin.token', 'tok')
  ;(URL as unknown as { createObjectURL: (b: Blob) => string }).createObjectURL = () => 'blob:photo'
})

function Picker() {
  const [photos, setPhotos] = useState<Photo[]>([])
  return <PhotoPicker id='field-photos' value={photos} onChange={setPhotos} max={6} />
}

/** Chooses files in the file input the picker opens, as the browser's chooser would. */
function choose(files: File[]) {
  const input = document.querySelector('input[type=file]') as HTMLInputElement
  expect(input.accept).toBe('image/*')
  Object.defineProperty(input, 'files', { value: files })
  fireEvent.change(input)
}

test('the hint states what is taken and the limit; a PDF is refused in view by name and type, the photo uploaded', async () => {
  const m = memberBackend(aProfile({ complete: true }))
  const net = installFetch((req: SentRequest) => {
    if (req.url === 'blob:photo') return { blob: new Blob(['png'], { type: 'image/png' }) }
    if (req.url === '/api/_upload') return ok({ fileID: 'cloud://env/uploads/o1/202511/a.png', url: '/files/a.png' })
    return m.handle(req)!
  })
  renderApp(<Picker />)
  expect(await screen.findByText(`最多6张，只能传图片（JPG、PNG、GIF、WEBP），每张不超过${UPLOAD_MAX_MB}MB，较大的照片会自动压缩`)).toBeTruthy()

  fireEvent.click(screen.getByRole('button', { name: /添加照片/ }))
  choose([new File(['%PDF'], '体检报告.pdf', { type: 'application/pdf' }), new File(['png'], '门锁.png', { type: 'image/png' })])

  const alert = await screen.findByRole('alert')
  expect(alert.textContent).toBe('“体检报告.pdf”不是图片（application/pdf），没有上传，请选择照片')
  await waitFor(() => expect(document.querySelectorAll('.lx-photos__img')).toHaveLength(1))
  // Only the photo went up.
  expect(net.requests.filter((r) => r.url === '/api/_upload')).toHaveLength(1)
  expect(net.requests.find((r) => r.url === '/api/_upload')!.headers['content-type']).toBe('image/png')
})
