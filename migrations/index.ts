import { Foundation1764300000000 } from './1764300000000-Foundation.js';
import { Registry1764300000100 } from './1764300000100-Registry.js';
import { Booking1764300000200 } from './1764300000200-Booking.js';
import { Sessions1764300000300 } from './1764300000300-Sessions.js';
import { Certificates1764300000400 } from './1764300000400-Certificates.js';
import { SocketIoAttachments1764300000500 } from './1764300000500-SocketIoAttachments.js';
import { EvidenceLog1764300000600 } from './1764300000600-EvidenceLog.js';
import { CertificateLogProof1764300000601 } from './1764300000601-CertificateLogProof.js';
import { AuditHeadView1764300000602 } from './1764300000602-AuditHeadView.js';
import { BookingScale1764300000900 } from './1764300000900-BookingScale.js';
import { RateLimits1764300001000 } from './1764300001000-RateLimits.js';
import { KeyFingerprints1764300001001 } from './1764300001001-KeyFingerprints.js';
import { TerminalEnrolment1764300001002 } from './1764300001002-TerminalEnrolment.js';
import { RecordingFinish1764300001300 } from './1764300001300-RecordingFinish.js';
import { CertificateCorrections1764300002100 } from './1764300002100-CertificateCorrections.js';
import { CertificateLogProofOnce1764300002300 } from './1764300002300-CertificateLogProofOnce.js';
import { ServiceVerifiedCheckIn1764300002400 } from './1764300002400-ServiceVerifiedCheckIn.js';
import { StatsReadModel1764300002600 } from './1764300002600-StatsReadModel.js';
import { TerminalSeats1764300002500 } from './1764300002500-TerminalSeats.js';
import { StatsCaseDays1764300002700 } from './1764300002700-StatsCaseDays.js';
import { StatsCaseMinutesPacked1764300002800 } from './1764300002800-StatsCaseMinutesPacked.js';

/** Every migration, in order. Listed explicitly: ESM has no reliable glob loading. */
export const MIGRATIONS = [
  Foundation1764300000000,
  Registry1764300000100,
  Booking1764300000200,
  Sessions1764300000300,
  Certificates1764300000400,
  SocketIoAttachments1764300000500,
  EvidenceLog1764300000600,
  CertificateLogProof1764300000601,
  AuditHeadView1764300000602,
  BookingScale1764300000900,
  RateLimits1764300001000,
  KeyFingerprints1764300001001,
  TerminalEnrolment1764300001002,
  RecordingFinish1764300001300,
  CertificateCorrections1764300002100,
  CertificateLogProofOnce1764300002300,
  ServiceVerifiedCheckIn1764300002400,
  StatsReadModel1764300002600,
  TerminalSeats1764300002500,
  StatsCaseDays1764300002700,
  StatsCaseMinutesPacked1764300002800,
];
