import { useCallback, useRef, useState } from 'react'
import { Image, Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import type { UploadDto } from '@linli/shared'
import { platformFiles, type PickedImage } from '../../platform/files'
import { errorMessage, mediaUrl } from '../../services/http'
import { uploadImage } from '../../services/uploads'
import './index.css'

/** One photo of a form: shown at once, uploaded in the background, kept for a later retry. */
export interface PhotoItem {
  /** Where the photo is kept on the phone (for a retry or a later sync). */
  key: string
  preview: string
  state: 'uploading' | 'done' | 'failed'
  upload?: UploadDto
  error?: string
}

/**
 * Photos for a form: pick from camera or album, each uploads by itself; a failure (no signal)
 * keeps the photo with a 重试 button, and the form can hand the kept keys to a later sync.
 */
export function usePhotoUploads(max = 9) {
  const [items, setItems] = useState<PhotoItem[]>([])
  const itemsRef = useRef(items)
  itemsRef.current = items

  const patch = useCallback((key: string, next: Partial<PhotoItem>) => {
    setItems((list) => list.map((p) => (p.key === key ? { ...p, ...next } : p)))
  }, [])

  const send = useCallback(
    async (key: string) => {
      const file = platformFiles.keptImage(key)
      if (!file) {
        patch(key, { state: 'failed', error: '照片已失效，请删除后重新选择' })
        return
      }
      patch(key, { state: 'uploading', error: undefined })
      try {
        patch(key, { state: 'done', upload: await uploadImage(file) })
      } catch (err) {
        patch(key, { state: 'failed', error: errorMessage(err, '上传没有成功') })
      }
    },
    [patch],
  )

  const pick = useCallback(async () => {
    const room = max - itemsRef.current.length
    if (room <= 0) return
    let picked: PickedImage[]
    try {
      picked = await platformFiles.pickImages(room)
    } catch (err) {
      void Taro.showToast({ title: errorMessage(err), icon: 'none' })
      return
    }
    for (const image of picked.slice(0, room)) {
      const key = await platformFiles.keepImage(image)
      setItems((list) => [...list, { key, preview: image.preview, state: 'uploading' }])
      void send(key)
    }
  }, [max, send])

  const remove = useCallback((key: string) => {
    setItems((list) => list.filter((p) => p.key !== key))
    platformFiles.dropImage(key)
  }, [])

  return {
    items,
    pick,
    retry: send,
    remove,
    uploading: items.some((p) => p.state === 'uploading'),
    /** Ids of the photos the server has. */
    uploadedIds: items.filter((p) => p.state === 'done' && p.upload).map((p) => p.upload!.id),
    reset: () => setItems([]),
  }
}

interface PhotoPickerProps {
  photos: ReturnType<typeof usePhotoUploads>
  max?: number
  /** Shown on the add tile. */
  addLabel?: string
}

export function PhotoPicker({ photos, max = 9, addLabel = '拍照或选照片' }: PhotoPickerProps) {
  const { items, pick, retry, remove } = photos
  const previews = items.map((p) => (p.upload ? mediaUrl(p.upload.url) : p.preview))
  return (
    <View className='photo-picker'>
      {items.map((p, i) => (
        <View key={p.key} className={`photo-picker__item photo-picker__item--${p.state}`}>
          <Image
            className='photo-picker__img'
            src={p.preview}
            mode='aspectFill'
            ariaLabel={`照片 ${i + 1}`}
            onClick={() => void Taro.previewImage({ urls: previews, current: previews[i] })}
          />
          {p.state === 'uploading' ? <View className='photo-picker__badge'>上传中…</View> : null}
          {p.state === 'failed' ? (
            <View className='photo-picker__badge photo-picker__badge--failed' onClick={() => void retry(p.key)}>
              未上传 · 点此重试
            </View>
          ) : null}
          <View className='photo-picker__remove' ariaLabel='删除这张照片' onClick={() => remove(p.key)}>
            ×
          </View>
        </View>
      ))}
      {items.length < max ? (
        <View className='photo-picker__add' ariaRole='button' onClick={() => void pick()}>
          <Text className='photo-picker__plus'>＋</Text>
          <Text className='photo-picker__add-label'>{addLabel}</Text>
          <Text className='photo-picker__count'>
            {items.length}/{max}
          </Text>
        </View>
      ) : null}
    </View>
  )
}
