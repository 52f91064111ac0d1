/**
 * Names for the response shapes the demo reads, taken from the types generated from the
 * service's OpenAPI document (api-types.ts; `npm run client:types`), never copied by hand.
 */
import type { components } from './api-types.js';

type Schemas = components['schemas'];

export type Bilingual = Schemas['BilingualText'];
export type Point = Schemas['PointView'];
export type Matter = Schemas['MatterView'];
export type MatterField = Schemas['MatterFieldView'];
export type Slot = Schemas['Slot'];
export type Booking = Schemas['BookingView'];
export type CreatedBooking = Schemas['CreatedBooking'];
export type QueueItem = Schemas['QueueItem'];
export type SessionView = Schemas['SessionView'];
export type SessionStatus = SessionView['status'];
export type RecordEntry = Schemas['RecordEntryView'];
export type InterviewRecord = Schemas['InterviewRecord'];
export type JoinInfo = Schemas['JoinInfo'];
export type VerifyResult = Schemas['CertificateVerifyResult'];
export type Region = Schemas['RegionView'];
export type Coverage = Schemas['CoverageView'];
export type Schedule = Schemas['NotarySchedule'];
export type RecordingManifest = Schemas['RecordingManifest'];
export type FinishedManifest = Schemas['RecordingFinishManifest'];
