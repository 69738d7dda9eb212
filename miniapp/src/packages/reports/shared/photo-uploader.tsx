import { useEffect, useRef, useState } from 'react'
import { Image, Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { errorMessage, showErrorToast } from '../../../services/http'
import {
  MAX_PHOTOS,
  addPicked,
  countSlots,
  removeSlot,
  roomLeft,
  setFailed,
  setProgress,
  setRetrying,
  setUploaded,
  slotsFromPhotos,
  type DraftPhoto,
  type PhotoSlot,
} from '../../../services/report-draft'
import { mediaUrl, pickPhotos, uploadPhoto, type PhotoUpload } from '../../../services/reports'
import './photo-uploader.css'

let keySeq = 0
const nextKey = () => `s${Date.now().toString(36)}${(++keySeq).toString(36)}`

/**
 * Photos of a form, each uploaded on its own the moment it is picked (one at a time, so a
 * slow connection finishes some rather than none), with progress, a failed state with retry,
 * and removal. `onUploaded` hears the list of stored photos whenever it changes (the draft).
 */
export function usePhotoSlots(initial: readonly DraftPhoto[], onUploaded?: (photos: DraftPhoto[]) => void, max = MAX_PHOTOS) {
  const [slots, setSlots] = useState<PhotoSlot[]>(() => slotsFromPhotos(initial))
  const slotsRef = useRef(slots)
  const tasks = useRef(new Map<string, PhotoUpload>())
  const queue = useRef<string[]>([])
  const running = useRef(false)
  const alive = useRef(true)

  function update(fn: (s: PhotoSlot[]) => PhotoSlot[]) {
    slotsRef.current = fn(slotsRef.current)
    if (alive.current) setSlots(slotsRef.current)
  }

  useEffect(() => {
    alive.current = true
    return () => {
      alive.current = false
      tasks.current.forEach((t) => t.abort())
    }
  }, [])

  useEffect(() => {
    onUploaded?.(slots.filter((s) => s.state === 'done' && s.photo).map((s) => s.photo!))
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [slots])

  async function drain() {
    if (running.current) return
    running.current = true
    try {
      while (queue.current.length > 0 && alive.current) {
        const key = queue.current.shift()!
        const slot = slotsRef.current.find((s) => s.key === key)
        if (!slot || slot.state !== 'uploading' || !slot.localPath) continue
        const task = uploadPhoto(slot.localPath, (p) => update((s) => setProgress(s, key, p)))
        tasks.current.set(key, task)
        try {
          const photo = await task.done
          update((s) => setUploaded(s, key, photo))
        } catch (err) {
          update((s) => setFailed(s, key, errorMessage(err, '没有上传成功')))
        } finally {
          tasks.current.delete(key)
        }
      }
    } finally {
      running.current = false
    }
  }

  async function add() {
    const room = roomLeft(slotsRef.current, max)
    if (room <= 0) {
      showErrorToast(`最多 ${max} 张照片`)
      return
    }
    let paths: string[]
    try {
      paths = await pickPhotos(room)
    } catch (err) {
      showErrorToast(errorMessage(err))
      return
    }
    if (paths.length === 0) return
    const result = addPicked(slotsRef.current, paths, nextKey, max)
    update(() => result.slots)
    if (result.dropped > 0) showErrorToast(`最多 ${max} 张，多选的 ${result.dropped} 张没有加上`)
    queue.current.push(...result.added.map((s) => s.key))
    void drain()
  }

  function retry(key: string) {
    update((s) => setRetrying(s, key))
    queue.current.push(key)
    void drain()
  }

  function remove(key: string) {
    tasks.current.get(key)?.abort()
    queue.current = queue.current.filter((k) => k !== key)
    update((s) => removeSlot(s, key))
  }

  function reset(photos: readonly DraftPhoto[] = []) {
    tasks.current.forEach((t) => t.abort())
    queue.current = []
    update(() => slotsFromPhotos(photos))
  }

  return { slots, counts: countSlots(slots), add, retry, remove, reset, max }
}

export type PhotoSlots = ReturnType<typeof usePhotoSlots>

interface PhotoUploaderProps {
  photos: PhotoSlots
  /** What is wrong with the photos (the server's message), shown under them. */
  error?: string
  addLabel?: string
}

/** The grid of picked photos (three to a row) with the add tile at the end. */
export function PhotoUploader({ photos, error, addLabel = '添加照片' }: PhotoUploaderProps) {
  const { slots, max } = photos
  // A draft's photo whose signed address has expired cannot be drawn, but is still kept and sent.
  const [unshown, setUnshown] = useState<ReadonlySet<string>>(new Set())

  function preview(slot: PhotoSlot) {
    const done = slots.filter((s) => s.state === 'done' && s.photo)
    const urls = done.map((s) => s.localPath ?? mediaUrl(s.photo!.url))
    const current = slot.localPath ?? (slot.photo ? mediaUrl(slot.photo.url) : undefined)
    if (current) void Taro.previewImage({ urls, current }).catch(() => undefined)
  }

  return (
    <View className='photo-up'>
      <View className='photo-up__grid'>
        {slots.map((slot) => (
          <View key={slot.key} className={`photo-up__tile photo-up__tile--${slot.state}`}>
            <Image
              className='photo-up__img'
              src={slot.localPath ?? mediaUrl(slot.photo?.thumbUrl ?? '')}
              mode='aspectFill'
              onError={() => setUnshown((prev) => new Set(prev).add(slot.key))}
              onClick={() => (slot.state === 'failed' ? photos.retry(slot.key) : slot.state === 'done' ? preview(slot) : undefined)}
            />
            {slot.state === 'done' && unshown.has(slot.key) ? (
              <View className='photo-up__overlay photo-up__overlay--saved'>
                <Text>照片已保存</Text>
              </View>
            ) : null}
            {slot.state === 'uploading' ? (
              <View className='photo-up__overlay'>
                <View className='photo-up__spinner' />
                <Text>{slot.progress > 0 ? `${slot.progress}%` : '上传中'}</Text>
              </View>
            ) : null}
            {slot.state === 'failed' ? (
              <View className='photo-up__overlay photo-up__overlay--failed' role='button' ariaRole='button' onClick={() => photos.retry(slot.key)}>
                <Text className='photo-up__failed-title'>没传上去</Text>
                <Text className='photo-up__retry'>点这里重试</Text>
              </View>
            ) : null}
            <View
              className='photo-up__remove'
              role='button'
              ariaRole='button'
              aria-label='删除这张照片'
              onClick={(e) => {
                e.stopPropagation()
                photos.remove(slot.key)
              }}
            >
              ×
            </View>
          </View>
        ))}
        {slots.length < max ? (
          <View className='photo-up__tile photo-up__add' role='button' ariaRole='button' hoverClass='photo-up__add--pressed' onClick={() => void photos.add()}>
            <Text className='photo-up__plus'>+</Text>
            <Text className='photo-up__add-label'>{addLabel}</Text>
            <Text className='photo-up__add-count'>
              {slots.length}/{max}
            </Text>
          </View>
        ) : null}
      </View>
      {error ? (
        <View className='photo-up__error' role='alert'>
          {error}
        </View>
      ) : null}
    </View>
  )
}
