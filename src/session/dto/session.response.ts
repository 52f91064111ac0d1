import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { BookingApplicant, IdName, MatterRef, NotaryRef } from '../../booking/dto/booking.response.js';
import { SESSION_STATUSES, type SessionStatus } from '../session-state.js';

export class CheckInResponse {
  @ApiProperty({ enum: ['checked_in'] }) status: 'checked_in';
}

export class CheckInOverrideResponse {
  @ApiProperty() bookingId: string;
  @ApiProperty({ description: 'Identity checks allowed again before the next lock-out' }) attemptsAllowed: number;
}

export class SessionCreated {
  @ApiProperty() id: string;
  @ApiProperty({ enum: ['waiting_notary'] }) status: 'waiting_notary';
}

export class SessionStatusResponse {
  @ApiProperty() id: string;
  @ApiProperty({ enum: SESSION_STATUSES }) status: SessionStatus;
}

export class NoticeAck {
  @ApiProperty() acknowledgedAt: string;
  @ApiProperty({ type: String, nullable: true }) noticeSha256: string | null;
}

export class RecordHead {
  @ApiProperty() version: number;
  @ApiProperty({ type: String, nullable: true }) recordSha256: string | null;
  @ApiProperty({ description: 'Signed records are locked' }) locked: boolean;
}

export class SignatureRef {
  @ApiProperty() sha256: string;
  @ApiProperty({ type: String, nullable: true }) recordSha256: string | null;
  @ApiProperty() imageUrl: string;
}

/** How the applicant was checked in, for the notary to see before the session goes on (no images, no ID number). */
export class CheckInSummary {
  @ApiProperty({ enum: ['terminal_attested', 'service_verified'] }) method: 'terminal_attested' | 'service_verified';
  @ApiProperty() checkedAt: string;
  @ApiProperty({ type: Number, nullable: true, description: 'terminal-attested: the similarity the terminal signed (higher is closer)' })
  faceScore: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'service-verified: descriptor distance (lower is closer)' })
  distance: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'service-verified: FACE_MATCH_DISTANCE in force' })
  threshold: number | null;
  @ApiProperty({ enum: ['passed', 'failed', 'not_checked'] }) liveness: 'passed' | 'failed' | 'not_checked';
  @ApiProperty({ type: [String], description: 'the liveness steps asked' }) steps: string[];
  @ApiProperty({ type: String, nullable: true }) model: string | null;
  @ApiProperty({ type: String, nullable: true, enum: ['reader', 'scan'] }) cardSource: 'reader' | 'scan' | null;
  @ApiProperty({ description: 'the ID photo and a live frame are stored (GET /api/sessions/:id/identity/images/…)' }) images: boolean;
}

export class SessionView {
  @ApiProperty() id: string;
  @ApiProperty() bookingId: string;
  @ApiProperty() caseNo: string;
  @ApiProperty({ enum: SESSION_STATUSES }) status: SessionStatus;
  @ApiProperty({ type: MatterRef }) matter: MatterRef;
  @ApiProperty({ type: BookingApplicant }) applicant: BookingApplicant;
  @ApiProperty({ type: NotaryRef, nullable: true }) notary: NotaryRef | null;
  @ApiProperty({ type: IdName }) point: IdName;
  @ApiProperty() terminalId: string;
  @ApiProperty() createdAt: string;
  @ApiProperty({ type: String, nullable: true }) liveAt: string | null;
  @ApiProperty({ type: String, nullable: true }) signingAt: string | null;
  @ApiProperty({ type: String, nullable: true }) endedAt: string | null;
  @ApiPropertyOptional() endReason?: string;
  @ApiProperty({ type: NoticeAck, nullable: true }) notice: NoticeAck | null;
  @ApiProperty({ type: RecordHead, nullable: true }) record: RecordHead | null;
  @ApiProperty({ type: SignatureRef, nullable: true }) signature: SignatureRef | null;
  @ApiProperty({ type: CheckInSummary, nullable: true }) checkIn: CheckInSummary | null;
  @ApiPropertyOptional() certificateId?: string;
  @ApiPropertyOptional() certificateNo?: string;
}

export class IceServer {
  @ApiProperty({ oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }] }) urls: string | string[];
  @ApiPropertyOptional() username?: string;
  @ApiPropertyOptional() credential?: string;
}

export class JoinInfo {
  @ApiProperty({ description: 'Signalling join token (socket.io /signalling)' }) token: string;
  @ApiProperty({ enum: ['notary', 'assistant'] }) role: 'notary' | 'assistant';
  @ApiProperty({ type: [IceServer] }) iceServers: IceServer[];
}

export class NoticeView {
  @ApiProperty() text: string;
  @ApiProperty() noticeSha256: string;
  @ApiProperty({ type: String, nullable: true }) acknowledgedAt: string | null;
}

export class NoticeAckResponse {
  @ApiProperty({ enum: [true] }) acknowledged: true;
  @ApiProperty() text: string;
  @ApiProperty() noticeSha256: string;
  @ApiProperty() acknowledgedAt: string;
}

export class RecordEntryView {
  @ApiProperty() question: string;
  @ApiProperty() answer: string;
}

export class InterviewRecord {
  @ApiProperty({ description: '0 while the notary has written nothing' }) version: number;
  @ApiProperty({ type: [RecordEntryView] }) entries: RecordEntryView[];
  @ApiProperty({ type: String, nullable: true }) recordSha256: string | null;
  @ApiProperty({ description: 'Signed records are locked' }) locked: boolean;
}

export class RecordWritten {
  @ApiProperty() version: number;
  @ApiProperty() recordSha256: string;
}

export class SignatureResponse {
  @ApiProperty({ enum: ['signing'] }) status: 'signing';
  @ApiProperty() signatureSha256: string;
  @ApiProperty() recordSha256: string;
}

export class RecordingChunk {
  @ApiProperty() seq: number;
  @ApiProperty() size: number;
  @ApiProperty() sha256: string;
  @ApiProperty({ description: 'SHA-256 chaining this chunk to the ones before it' }) chainHash: string;
}

/** A closed recording (POST …/recordings/finish). `manifestSha256` is SHA-256 of the JCS form of the first five fields. */
export class RecordingFinishManifest {
  @ApiProperty() sessionId: string;
  @ApiProperty() chunkCount: number;
  @ApiProperty() bytes: number;
  @ApiProperty() durationMs: number;
  @ApiProperty() finalHash: string;
  @ApiProperty() manifestSha256: string;
  @ApiProperty() finishedAt: string;
}

export class RecordingOverrideView {
  @ApiProperty() reason: string;
  @ApiProperty({ description: 'The notary who recorded it' }) by: string;
  @ApiProperty() at: string;
}

export class RecordingOverrideResponse {
  @ApiProperty() sessionId: string;
  @ApiProperty({ type: RecordingOverrideView }) override: RecordingOverrideView;
}

export class RecordingPlaybackUrl {
  @ApiProperty({ description: 'Same-origin path with a signed token, for <video src>; streams with byte ranges, no bearer header needed' })
  url: string;
  @ApiProperty({ description: 'When the link stops working: the recording’s length plus 30 minutes, at most 4 hours' })
  expiresAt: string;
}

export class RecordingManifest {
  @ApiProperty() sessionId: string;
  @ApiProperty({ type: [RecordingChunk] }) chunks: RecordingChunk[];
  @ApiProperty() totalBytes: number;
  @ApiProperty() finalHash: string;
  @ApiProperty({ description: 'The lowest chunk number the service is missing (where an upload resumes)' }) nextSeq: number;
  @ApiProperty({ type: RecordingFinishManifest, nullable: true }) finished: RecordingFinishManifest | null;
  @ApiProperty({ type: RecordingOverrideView, nullable: true }) override: RecordingOverrideView | null;
}
