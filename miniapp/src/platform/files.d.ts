/*
 * Types for `import { platformFiles } from '../platform/files'`. As with login, there is no
 * files.ts: Taro picks files.weapp.ts or files.h5.ts by the build's platform.
 */
import type { PlatformFiles } from './files.types'

export declare const platformFiles: PlatformFiles
export type { OpenFileOptions, PickedFile, PickedImage, PlatformFiles } from './files.types'
