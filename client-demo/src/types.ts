/** The shapes the demo reads from the API (only the fields it uses). */

export interface Bilingual {
  zh: string;
  en: string;
}

export interface Point {
  id: string;
  name: string;
  address: string;
  phone: string;
  status: 'active' | 'suspended';
  openingHours: Record<string, [string, string][]>;
  township: { code: string; name: string };
  office: { id: string; name: string };
}

export interface Matter {
  code: string;
  nameZh: string;
  nameEn: string;
  description: string;
  descriptionEn: string;
  requiredMaterials: Bilingual[];
  estimatedMinutes: number;
  enabled: boolean;
  fields?: MatterField[];
}

export interface Slot {
  start: string;
  end: string;
}

export interface Booking {
  id: string;
  caseNo: string;
  kind: 'appointment' | 'walk_in';
  status: string;
  point: { id: string; name: string };
  office: { id: string; name: string };
  matter: { code: string; nameZh: string };
  notary: { id: string; displayName: string } | null;
  terminalId: string | null;
  start: string | null;
  end: string | null;
  applicant: { name: string; idNumberMasked: string; phoneMasked: string; idNumber?: string };
  createdAt: string;
  waitingSeconds?: number;
  cancelReason?: string;
  sessionId?: string | null;
  certificateId?: string | null;
  certificateNo?: string | null;
  accessCode?: string;
}

export interface QueueItem {
  id: string;
  caseNo: string;
  point: { id: string; name: string };
  matter: { code: string; nameZh: string };
  applicant: { name: string };
  createdAt: string;
  waitingSeconds: number;
}

export type SessionStatus = 'waiting_notary' | 'live' | 'signing' | 'approved' | 'rejected' | 'aborted';

export interface RecordEntry {
  question: string;
  answer: string;
}
export interface InterviewRecord {
  /** 0 while the notary has written nothing. */
  version: number;
  entries: RecordEntry[];
  recordSha256: string | null;
  /** Signed records are locked. */
  locked?: boolean;
}

export interface SessionView {
  id: string;
  bookingId: string;
  status: SessionStatus;
  caseNo: string;
  matter: { code: string; nameZh: string };
  applicant: { name: string; idNumberMasked: string; phoneMasked?: string; idNumber?: string };
  notary: { id: string; displayName: string } | null;
  point: { id: string; name: string };
  createdAt?: string;
  liveAt?: string | null;
  signingAt?: string | null;
  endedAt?: string | null;
  endReason?: string;
  notice: { acknowledgedAt: string; noticeSha256: string } | null;
  record: { version: number; recordSha256: string; locked: boolean } | null;
  signature: { sha256: string; recordSha256: string; imageUrl: string } | null;
  certificateId?: string;
  certificateNo?: string;
}

export interface MatterField {
  key: string;
  labelZh: string;
  labelEn: string;
  type: 'text' | 'date' | 'number' | 'select';
  required: boolean;
  options?: { value: string; labelZh: string; labelEn: string }[];
  precision?: 'day' | 'month';
  inWording: boolean;
  onlyWhen?: { field: string; in: string[] };
  hintZh?: string;
  example: string;
}

export interface JoinInfo {
  token: string;
  role: 'notary' | 'assistant';
  iceServers: RTCIceServer[];
}

export interface VerifyResult {
  valid: boolean;
  /** REVOKED, TAMPERED, UNKNOWN or AUDIT_BROKEN. */
  reason?: string;
  revokedAt?: string;
  certificate?: { id: string; no: string; matter: string; office: string; issuedAt: string; holderMasked: string; status: string };
  signature?: { cms: string; signer: string; level?: string; timestamp?: { time: string; tsa: string } | null };
  audit?: { seq: number; hash: string; chainOk: boolean };
  /** The embedded evidence-log inclusion proof, checked with the log's and witnesses' keys. */
  log?: { present: boolean; ok?: boolean; origin?: string; index?: number; treeSize?: number; cosignedBy?: string[]; problem?: string };
}
