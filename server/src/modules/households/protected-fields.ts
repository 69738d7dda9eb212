import { checkIdNumber, maskIdNumber, maskPhone } from '@linli/shared';
import type { FieldCrypto } from '../../common/crypto/field-crypto.js';

export interface ProtectedColumns {
  enc: string | null;
  bidx: string | null;
  masked: string | null;
}

const NONE: ProtectedColumns = { enc: null, bidx: null, masked: null };

/** What a phone number becomes in the database: ciphertext, blind index, masked form. Never the number. */
export function protectPhone(phone: string | null | undefined, crypto: FieldCrypto): ProtectedColumns {
  if (!phone) return NONE;
  return { enc: crypto.encrypt(phone), bidx: crypto.blindIndex('phone', phone), masked: maskPhone(phone) };
}

export function protectIdNumber(idNumber: string | null | undefined, crypto: FieldCrypto): ProtectedColumns {
  if (!idNumber) return NONE;
  return { enc: crypto.encrypt(idNumber), bidx: crypto.blindIndex('id_number', idNumber), masked: maskIdNumber(idNumber) };
}

/** Gender and birth date come from a valid ID number, never from what was typed beside it. */
export function derivedFromIdNumber(idNumber: string | null | undefined): { gender?: 'male' | 'female'; birthDate?: string } {
  if (!idNumber) return {};
  const r = checkIdNumber(idNumber);
  return r.ok ? { gender: r.gender, birthDate: r.birthDate } : {};
}
