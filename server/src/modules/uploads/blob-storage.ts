import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** Where image bytes live. Local disk by default; an object store would implement the same three calls. */
export abstract class BlobStorage {
  abstract put(key: string, data: Buffer): Promise<void>;
  /** The bytes, or undefined when the key holds nothing. */
  abstract get(key: string): Promise<Buffer | undefined>;
  abstract delete(key: string): Promise<void>;
}

const KEY = /^[a-z0-9][a-z0-9/_.-]{0,200}$/;

/** Files under one folder; a write lands whole (temporary file, then rename) or not at all. */
export class LocalDiskStorage extends BlobStorage {
  constructor(private readonly root: string) {
    super();
  }

  private file(key: string): string {
    if (!KEY.test(key) || key.includes('..')) throw new Error(`bad storage key ${key}`);
    return path.join(this.root, key);
  }

  async put(key: string, data: Buffer): Promise<void> {
    const file = this.file(key);
    await mkdir(path.dirname(file), { recursive: true });
    const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
    await writeFile(tmp, data);
    await rename(tmp, file);
  }

  async get(key: string): Promise<Buffer | undefined> {
    try {
      return await readFile(this.file(key));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw err;
    }
  }

  async delete(key: string): Promise<void> {
    await rm(this.file(key), { force: true });
  }
}
