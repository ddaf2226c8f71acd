import Taro from '@tarojs/taro'

/**
 * A file the server generated (an .xlsx roster, a PDF record) and answered as a link valid for an hour:
 * h5 downloads it through the browser; the mini-program downloads it and opens it in WeChat's viewer
 * (from where it can be printed, sent on, or opened in WPS). Throws when the download or the viewer fails.
 */
export async function openGeneratedFile(out: { url: string; fileName: string }, fileType: 'pdf' | 'xlsx'): Promise<void> {
  if (process.env.TARO_ENV === 'h5') {
    const a = document.createElement('a')
    a.href = out.url
    a.download = out.fileName
    a.target = '_blank'
    a.rel = 'noopener'
    document.body.appendChild(a)
    a.click()
    a.remove()
    return
  }
  const file = await Taro.downloadFile({ url: out.url })
  if (file.statusCode !== 200) throw new Error(`download answered ${file.statusCode}`)
  await Taro.openDocument({ filePath: file.tempFilePath, fileType, showMenu: true })
}
