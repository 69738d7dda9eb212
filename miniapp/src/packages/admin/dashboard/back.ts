import Taro from '@tarojs/taro'

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

/**
 * Back up `delta` pages. Taro's H5 router loses its place when it goes back several pages of
 * the same route at once (it shows the nearest page of that route, which it has just removed:
 * a blank screen), so on H5 this goes one page at a time, letting each page's closing animation
 * (300 ms) finish first. WeChat goes back in one step.
 */
export async function backBy(delta: number): Promise<void> {
  if (process.env.TARO_ENV !== 'h5' || delta <= 1) {
    await Taro.navigateBack({ delta })
    return
  }
  for (let i = 0; i < delta; i++) {
    await Taro.navigateBack({ delta: 1 })
    if (i < delta - 1) await sleep(400)
  }
}
