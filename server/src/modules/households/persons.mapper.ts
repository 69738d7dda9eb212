import { SENSITIVE_TAGS, type PersonDto, type PersonTag } from '@linli/shared';
import type { FieldCrypto } from '../../common/crypto/field-crypto.js';

export interface PersonRow {
  id: string;
  household_id: string;
  node_id: string;
  node_path: string;
  name: string;
  gender: 'male' | 'female' | null;
  birth_date: string | null;
  relation: string | null;
  phone_enc: string | null;
  phone_masked: string | null;
  id_number_enc: string | null;
  id_number_masked: string | null;
  tags: PersonTag[];
  sensitive_tags_enc: string | null;
  user_id: string | null;
  updated_at: Date;
}

export const PERSON_COLUMNS = `p.id, p.household_id, p.node_id, p.node_path::text as node_path, p.name, p.gender,
  to_char(p.birth_date, 'YYYY-MM-DD') as birth_date, p.relation, p.phone_enc, p.phone_masked, p.id_number_enc,
  p.id_number_masked, p.tags, p.sensitive_tags_enc, p.user_id, p.updated_at`;

export function ageOn(birthDate: string | null, today = new Date()): number | null {
  if (!birthDate) return null;
  const [y, m, d] = birthDate.split('-').map(Number) as [number, number, number];
  let age = today.getFullYear() - y;
  if (today.getMonth() + 1 < m || (today.getMonth() + 1 === m && today.getDate() < d)) age -= 1;
  return age;
}

/** Splits tags into the ones kept in the clear (filterable) and the health-related ones kept encrypted. */
export function splitTags(tags: readonly PersonTag[], crypto: FieldCrypto): { tags: PersonTag[]; sensitiveEnc: string | null } {
  const open = tags.filter((t) => !SENSITIVE_TAGS.includes(t));
  const sensitive = tags.filter((t) => SENSITIVE_TAGS.includes(t));
  return { tags: [...new Set(open)], sensitiveEnc: sensitive.length ? crypto.encrypt(JSON.stringify([...new Set(sensitive)])) : null };
}

export function toPersonDto(p: PersonRow, crypto: FieldCrypto): PersonDto {
  const sensitive: PersonTag[] = p.sensitive_tags_enc ? (JSON.parse(crypto.decrypt(p.sensitive_tags_enc)) as PersonTag[]) : [];
  return {
    id: p.id,
    householdId: p.household_id,
    name: p.name,
    gender: p.gender,
    birthDate: p.birth_date,
    age: ageOn(p.birth_date),
    relation: p.relation,
    phone: p.phone_masked,
    idNumber: p.id_number_masked,
    tags: [...p.tags, ...sensitive],
    joined: p.user_id !== null,
    updatedAt: p.updated_at.toISOString(),
  };
}
