import { Image, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import type { PhotoDto } from '@linli/shared'
import { mediaUrl } from '../../../services/reports'
import './photo-grid.css'

interface PhotoGridProps {
  photos: readonly PhotoDto[]
  /** small: the photos of a timeline step. */
  small?: boolean
}

/** Thumbnails three to a row; a tap opens the full-size photos to swipe through. */
export function PhotoGrid({ photos, small }: PhotoGridProps) {
  if (photos.length === 0) return null
  const urls = photos.map((p) => mediaUrl(p.url))
  return (
    <View className={['photo-grid', small ? 'photo-grid--small' : ''].filter(Boolean).join(' ')}>
      {photos.map((p) => (
        <View key={p.id} className='photo-grid__cell' role='button' ariaRole='button' aria-label='查看大图' onClick={() => void Taro.previewImage({ urls, current: mediaUrl(p.url) }).catch(() => undefined)}>
          <Image className='photo-grid__img' src={mediaUrl(p.thumbUrl)} mode='aspectFill' lazyLoad />
        </View>
      ))}
    </View>
  )
}
