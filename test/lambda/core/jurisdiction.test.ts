import { describe, expect, it } from 'vitest';
import {
  callingCodeOfBsuid,
  callingCodeOfPhone,
  jurisdictionOf,
} from '../../../lambda/core/jurisdiction.ts';

describe('callingCodeOfPhone', () => {
  it.each([
    ['16505551234', '1'],
    ['79161234567', '7'],
    ['77011234567', '7'],
    ['393471234567', '39'],
    ['5511987654321', '55'],
    ['6281234567890', '62'],
    ['447700900123', '44'],
    ['97150123456', '971'],
    ['35312345678', '353'],
    ['2348031234567', '234'],
    ['+6281234567890', '62'],
  ])('%s → %s', (phone, code) => {
    expect(callingCodeOfPhone(phone)).toBe(code);
  });

  it.each(['', '123', 'abc1234567', '1234567890123456'])('rejects %j', (phone) => {
    expect(callingCodeOfPhone(phone)).toBeUndefined();
  });
});

describe('callingCodeOfBsuid', () => {
  it.each([
    ['US.13491208655302741918', '1'],
    ['IT.9876543210', '39'],
    ['BR.1234', '55'],
    ['ID.42', '62'],
    ['ZZ.42', undefined],
    ['13491208655302741918', undefined],
  ])('%s → %s', (bsuid, code) => {
    expect(callingCodeOfBsuid(bsuid)).toBe(code);
  });
});

describe('jurisdictionOf', () => {
  it.each([
    ['phone only', { key: '393471234567', waId: '393471234567' }, '39'],
    ['phone wins over BSUID', { key: 'US.1', waId: '5511987654321', userId: 'US.1' }, '55'],
    ['BSUID only', { key: 'BR.77', userId: 'BR.77' }, '55'],
    ['BSUID as key only', { key: 'IT.77' }, '39'],
    ['bad phone falls back to BSUID', { key: 'IT.7', waId: 'x', userId: 'IT.7' }, '39'],
    ['nothing usable', { key: 'someone' }, undefined],
  ])('%s', (_, user, code) => {
    expect(jurisdictionOf(user)).toBe(code);
  });
});
