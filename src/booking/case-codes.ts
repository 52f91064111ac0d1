import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { badRequest } from '../common/errors.js';
import { isValidIdNumber, MAINLAND_MOBILE, maskIdNumber, maskPhone, normaliseIdNumber } from '../common/id-number.js';
import { PersonalData } from '../common/personal-data.js';
import { Random } from '../common/random.js';
import { Clock } from '../common/clock.js';
import { shanghaiDate } from '../common/shanghai-time.js';
import type { NewBooking, SealedApplicant } from './booking.repository.js';
import type { ApplicantDto } from './dto/booking.dto.js';

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

export interface Applicant {
  name: string;
  idNumber: string;
  phone: string;
}

/** Checks applicants; makes case numbers and access codes; seals personal data. */
@Injectable()
export class CaseCodes {
  constructor(
    private readonly personal: PersonalData,
    private readonly random: Random,
    private readonly clock: Clock,
  ) {}

  applicant(a: ApplicantDto): Applicant {
    const idNumber = normaliseIdNumber(a.idNumber);
    if (!isValidIdNumber(idNumber)) {
      throw badRequest(
        'INVALID_ID_NUMBER',
        'The ID number is not a valid 18-character resident ID number (GB 11643 check digit). 身份证号码无效。',
      );
    }
    const phone = a.phone.replace(/[\s-]/g, '').replace(/^\+?86/, '');
    if (!MAINLAND_MOBILE.test(phone))
      throw badRequest('INVALID_PHONE', 'The phone must be a mainland mobile number, 11 digits starting 13-19. 手机号码无效。');
    const name = a.name.trim();
    if (!name) throw badRequest('VALIDATION_FAILED', 'applicant.name must not be blank.');
    return { name, idNumber, phone };
  }

  seal(a: Applicant): SealedApplicant {
    return {
      name: a.name,
      idEnc: this.personal.encrypt(a.idNumber),
      idDigest: this.personal.digest('id-number', a.idNumber),
      idMasked: maskIdNumber(a.idNumber),
      phoneEnc: this.personal.encrypt(a.phone),
      phoneMasked: maskPhone(a.phone),
      phoneDigest: this.personal.digest('phone', a.phone),
    };
  }

  accessCode(): string {
    return String(this.random.int(100_000_000)).padStart(8, '0');
  }

  caseNo(): string {
    const date = shanghaiDate(this.clock.now()).replace(/-/g, '');
    const tail = [...this.random.bytes(6)].map((b) => CROCKFORD[b % 32]).join('');
    return `RN${date}-${tail}`;
  }

  /** A new row's identity: id, a fresh case number, the access code's hash, the time. */
  newBooking(
    kind: NewBooking['kind'],
    at: { pointId: string; officeId: string; matterCode: string },
    applicant: SealedApplicant,
    accessCode: string,
    createdBy: string,
  ): NewBooking {
    const caseNo = this.caseNo();
    return {
      id: randomUUID(),
      caseNo,
      accessCodeHash: this.accessHash(caseNo, accessCode),
      kind,
      ...at,
      applicant,
      createdBy,
      createdAt: this.clock.now(),
    };
  }

  accessHash(caseNo: string, code: string): string {
    return this.personal.digest('access-code', `${caseNo}:${code}`);
  }
}
