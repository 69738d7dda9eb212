import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/config.js';

/**
 * Application-level protection of sensitive fields (PIPL): AES-256-GCM ciphertext for storage,
 * and an HMAC blind index (its own key) for exact-match lookup. The database holds neither keys
 * nor plaintext. Ciphertext format: `v1.<keyId>.<iv>.<ciphertext>.<tag>` (base64url parts).
 */
@Injectable()
export class FieldCrypto {
  constructor(@Inject(APP_CONFIG) private readonly config: Pick<AppConfig, 'fieldEncryptionKey' | 'fieldKeyId' | 'blindIndexKey'>) {}

  encrypt(plain: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.config.fieldEncryptionKey, iv);
    const ct = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return ['v1', this.config.fieldKeyId, iv.toString('base64url'), ct.toString('base64url'), cipher.getAuthTag().toString('base64url')].join('.');
  }

  decrypt(stored: string): string {
    const [version, keyId, iv, ct, tag] = stored.split('.');
    if (version !== 'v1' || !iv || ct === undefined || !tag) throw new Error('unrecognised ciphertext');
    if (keyId !== this.config.fieldKeyId) throw new Error(`ciphertext uses key ${keyId}, the server has ${this.config.fieldKeyId}`);
    const decipher = createDecipheriv('aes-256-gcm', this.config.fieldEncryptionKey, Buffer.from(iv, 'base64url'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(ct, 'base64url')), decipher.final()]).toString('utf8');
  }

  /** Keyed hash of a normalised value, scoped by kind so equal values of different kinds differ. */
  blindIndex(kind: 'phone' | 'id_number' | 'invite', value: string): string {
    return createHmac('sha256', this.config.blindIndexKey).update(`${kind}:${value}`).digest('base64url');
  }
}
