import { describe, expect, it } from 'vitest';
import { isCardNumber, luhnValid } from '../../src/schema/detect/card-number.js';
import { nameWords } from '../../src/schema/detect/column-name.js';
import { isEmail } from '../../src/schema/detect/email.js';
import { isIban } from '../../src/schema/detect/iban.js';
import { isIdentifierName } from '../../src/schema/detect/identifier-name.js';
import { looksLikeIntegerCodes, separatePeaks } from '../../src/schema/detect/integer-codes.js';
import { isIpAddress } from '../../src/schema/detect/ip-address.js';
import { isoTemporalForm } from '../../src/schema/detect/iso-datetime.js';
import { orderedCategories } from '../../src/schema/detect/ordinal-scale.js';
import { knownNameWord, personNameForm } from '../../src/schema/detect/person-name.js';
import { personalMention } from '../../src/schema/detect/personal-in-text.js';
import { isPhoneNumber } from '../../src/schema/detect/phone.js';
import { postcodeStyle } from '../../src/schema/detect/postcode.js';
import { addressForm } from '../../src/schema/detect/street-address.js';
import { isUuid } from '../../src/schema/detect/uuid.js';

describe('checksums', () => {
  it('Luhn accepts the published test card numbers and rejects a one-digit change', () => {
    // Test numbers published by card networks (e.g. Stripe and PayPal sandbox documentation).
    for (const number of ['4111111111111111', '5555555555554444', '378282246310005', '6011111111111117']) {
      expect(luhnValid(number), number).toBe(true);
    }
    expect(luhnValid('4111111111111112')).toBe(false);
    expect(isCardNumber('4111-1111-1111-1111')).toBe(true);
    expect(isCardNumber('4111 1111 1111 1111')).toBe(true);
    expect(isCardNumber('41111111111')).toBe(false); // 11 digits: too short for a card
  });

  it('IBAN mod-97 accepts the examples of ISO 13616 / Wikipedia and rejects a changed letter', () => {
    expect(isIban('GB82 WEST 1234 5698 7654 32')).toBe(true);
    expect(isIban('DE89370400440532013000')).toBe(true);
    expect(isIban('GB82 TEST 1234 5698 7654 32')).toBe(false);
    expect(isIban('not an iban')).toBe(false);
  });
});

describe('shapes', () => {
  it('emails, IP addresses and UUIDs', () => {
    expect(isEmail('ana.silva+news@mail.example.org')).toBe(true);
    expect(isEmail('ana.silva@localhost')).toBe(false);
    expect(isIpAddress('192.168.10.4')).toBe(true);
    expect(isIpAddress('2001:db8::8a2e:370:7334')).toBe(true);
    expect(isIpAddress('256.1.1.1')).toBe(false);
    expect(isUuid('3f1c2a9e-5b7d-4e2a-9c1b-0d6f8e4a2b71')).toBe(true);
    expect(isUuid('3f1c2a9e5b7d4e2a9c1b0d6f8e4a2b71')).toBe(false);
  });

  it('phone numbers in national and international writing, not decimals or short codes', () => {
    for (const phone of [
      '(555) 123-4567',
      '555.123.4567 x89',
      '+44 20 7946 0958',
      '030/1234567',
      '+14155550123',
    ]) {
      expect(isPhoneNumber(phone), phone).toBe(true);
    }
    for (const other of ['1889.5', '12-34', '+1 (555) 12', 'call me'])
      expect(isPhoneNumber(other), other).toBe(false);
  });

  it('ISO dates only when the day exists', () => {
    expect(isoTemporalForm('2024-02-29')).toBe('date');
    expect(isoTemporalForm('2023-02-29')).toBeUndefined();
    expect(isoTemporalForm('2024-03-01T08:15:00Z')).toBe('timestamp');
    expect(isoTemporalForm('2024-03-01 08:15')).toBe('timestamp');
    expect(isoTemporalForm('2024-03-01T25:00')).toBeUndefined();
    expect(isoTemporalForm('01/03/2024')).toBeUndefined();
  });

  it('postcodes by style', () => {
    expect(postcodeStyle('SW1A 1AA')).toBe('uk');
    expect(postcodeStyle('M1 1AE')).toBe('uk');
    expect(postcodeStyle('92201-5450')).toBe('us-zip4');
    expect(postcodeStyle('K1A 0B1')).toBe('canada');
    expect(postcodeStyle('1012 AB')).toBe('netherlands');
    expect(postcodeStyle('10115')).toBe('five-digit');
    expect(postcodeStyle('Month-to-month')).toBeUndefined();
  });

  it('street lines and full addresses in English and German forms', () => {
    expect(addressForm('4227 Beech Road Suite 119')).toBe('street');
    expect(addressForm('173 S 3rd Street')).toBe('street');
    expect(addressForm('12 Baker Street, London NW1 6XE')).toBe('address');
    expect(addressForm('Hauptstraße 5')).toBe('street');
    expect(addressForm('Am Kiesberg 23a')).toBe('street');
    expect(addressForm('Biesenbach 48b')).toBeUndefined();
    expect(addressForm('Biesenbach 48b', true)).toBe('street');
    expect(addressForm('Bank transfer (automatic)')).toBeUndefined();
  });
});

describe('person names', () => {
  it("uses faker's name lists across locales", () => {
    expect(personNameForm('Carley Mayer')).toBe('full');
    expect(personNameForm('Mrs. Anna Schmidt')).toBe('full');
    expect(personNameForm('Mayer, Carley')).toBe('full');
    expect(personNameForm('Carley')).toBe('first');
    expect(personNameForm('Fiber optic')).toBeUndefined();
    expect(personNameForm('No internet service')).toBeUndefined();
    expect(knownNameWord('Thomas')).toEqual({ first: true, last: true });
    expect(knownNameWord('Schmidt')).toEqual({ first: false, last: true });
  });
});

describe('names and codes', () => {
  it('splits column names into words', () => {
    expect(nameWords('customerID')).toEqual({ words: ['customer', 'id'], compact: 'customerid' });
    expect(nameWords('Date_of_Birth').compact).toBe('dateofbirth');
    expect(nameWords('Fs3_4').words).toEqual(['fs', '3', '4']);
  });

  it('recognises key names without taking every word ending in "id"', () => {
    const keys = [
      'hhid',
      'customer_id',
      'CustomerID',
      'ID',
      'account number',
      'policy_no',
      'uid',
      'uuid',
      'kdnr',
    ];
    const notKeys = [
      'paid',
      'valid',
      'covid',
      'number_of_cards',
      'tenure',
      'Fam_Size',
      'contract',
      'zipCode',
    ];
    for (const name of keys) expect(isIdentifierName(nameWords(name)), name).toBe(true);
    for (const name of notKeys) expect(isIdentifierName(nameWords(name)), name).toBe(false);
  });

  it('tells codes from counts by the shape of their frequencies', () => {
    // margarine_purchases `choice` (product codes 1-10) and margarine_households `Fam_Size` (1-8).
    const choice = [1766, 699, 243, 593, 315, 74, 319, 203, 225, 33];
    const famSize = [58, 173, 108, 122, 41, 12, 1, 1];
    expect(separatePeaks(choice, 90)).toBe(3);
    expect(separatePeaks(famSize, 10)).toBe(1);
    const counts = (frequencies: number[], from: number) => new Map(frequencies.map((f, i) => [i + from, f]));
    expect(looksLikeIntegerCodes(counts(choice, 1))).toBe(true);
    expect(looksLikeIntegerCodes(counts(famSize, 1))).toBe(false);
    // Same frequencies but not a run starting at 0 or 1: not codes.
    expect(looksLikeIntegerCodes(counts(choice, 5))).toBe(false);
  });

  it('orders labels of known scales in the data’s own spelling', () => {
    expect(orderedCategories(['High', 'Low', 'Medium'])).toEqual(['Low', 'Medium', 'High']);
    expect(orderedCategories(['agree', 'Strongly agree', 'disagree'])).toEqual([
      'disagree',
      'agree',
      'Strongly agree',
    ]);
    expect(orderedCategories(['Yes', 'No'])).toBeUndefined();
    expect(orderedCategories(['Low', 'High', 'Banana'])).toBeUndefined();
  });
});

describe('personal data inside free text', () => {
  it('finds a full name, an e-mail address or a phone number anywhere in a note', () => {
    expect(personalMention('Call back Carley Mayer')).toBe('name');
    expect(personalMention("Spoke to Lorraine O'Connell twice")).toBe('name');
    expect(personalMention('Call back Milan Connelly-Balistreri')).toBe('name');
    expect(personalMention('wrote from ana.silva@example.org about the bill')).toBe('email');
    expect(personalMention('ring +44 20 7946 0958 after 5')).toBe('phone');
    expect(personalMention('call 555-123-4567.')).toBe('phone');
  });

  it('leaves labels, cities, dates, amounts and codes alone', () => {
    for (const text of [
      'Fiber optic',
      'Bank transfer (automatic)',
      'No internet service',
      'San Jose',
      'Los Angeles',
      'Santa Clara',
      'Paid 1,234.50 on 2024-03-01',
      'visit 2024-01-02 10:00',
      'due 15/03/2024',
      '10000000-5b7d-4e2a-9c1b-0d6f8e4a2b71',
      'R123-4567x',
      'ATM JOHN',
      'carley mayer',
    ]) {
      expect(personalMention(text), text).toBeUndefined();
    }
  });
});
