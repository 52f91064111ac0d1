/**
 * The national network identity service (CTID / 网证): it compares a face with the Ministry of
 * Public Security's photo online only, so it can never be a local check. This port is what an
 * adapter for an accredited access provider would implement; none is implemented here.
 */
export interface NationalIdentityRequest {
  name: string;
  idNumber: string;
  /** A live frame (JPEG), sent only after the applicant's separate consent. */
  faceImage: Buffer;
  /** SHA-256 of the consent notice the applicant agreed to. */
  consentNoticeSha256: string;
}

export interface NationalIdentityResult {
  outcome: 'match' | 'no_match' | 'not_found' | 'unavailable';
  /** The provider's reference for the verification, kept as evidence. */
  reference: string;
  checkedAt: Date;
}

export interface NationalIdentityService {
  verify(request: NationalIdentityRequest): Promise<NationalIdentityResult>;
}

/** Nest injection token for a deployment's adapter (unset: the service-verified path uses the local engine only). */
export const NATIONAL_IDENTITY_SERVICE = Symbol('NATIONAL_IDENTITY_SERVICE');
