import { describe, expect, it } from '@jest/globals';
import { FieldCrypto } from './field-crypto.js';

const crypto = new FieldCrypto({ fieldEncryptionKey: Buffer.alloc(32, 1), fieldKeyId: 'k1', blindIndexKey: Buffer.alloc(32, 2) });

describe('field encryption', () => {
  it('round-trips, with a fresh IV each time', () => {
    const a = crypto.encrypt('13812345678');
    const b = crypto.encrypt('13812345678');
    expect(a).not.toBe(b);
    expect(a).not.toContain('13812345678');
    expect(crypto.decrypt(a)).toBe('13812345678');
    expect(a.startsWith('v1.k1.')).toBe(true);
  });

  it('refuses tampered ciphertext and a foreign key', () => {
    const enc = crypto.encrypt('330702194503021281');
    const parts = enc.split('.');
    parts[3] = Buffer.from('tampered').toString('base64url');
    expect(() => crypto.decrypt(parts.join('.'))).toThrow();
    const other = new FieldCrypto({ fieldEncryptionKey: Buffer.alloc(32, 9), fieldKeyId: 'k1', blindIndexKey: Buffer.alloc(32, 2) });
    expect(() => other.decrypt(enc)).toThrow();
  });

  it('makes a stable blind index that depends on the kind and the key', () => {
    expect(crypto.blindIndex('phone', '13812345678')).toBe(crypto.blindIndex('phone', '13812345678'));
    expect(crypto.blindIndex('phone', '13812345678')).not.toBe(crypto.blindIndex('id_number', '13812345678'));
    const other = new FieldCrypto({ fieldEncryptionKey: Buffer.alloc(32, 1), fieldKeyId: 'k1', blindIndexKey: Buffer.alloc(32, 3) });
    expect(other.blindIndex('phone', '13812345678')).not.toBe(crypto.blindIndex('phone', '13812345678'));
  });
});
