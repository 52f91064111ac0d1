import ical, { ICalCalendarMethod } from 'ical-generator';
import { DateTime } from 'luxon';
import type { Bilingual } from '../matters/catalogue/index.js';

/**
 * VTIMEZONE for Asia/Shanghai: UTC+8 all year, no daylight saving since 1991, so one
 * STANDARD component describes it completely.
 */
function shanghaiVtimezone(): string {
  return [
    'BEGIN:VTIMEZONE',
    'TZID:Asia/Shanghai',
    'X-LIC-LOCATION:Asia/Shanghai',
    'BEGIN:STANDARD',
    'TZOFFSETFROM:+0800',
    'TZOFFSETTO:+0800',
    'TZNAME:CST',
    'DTSTART:19700101T000000',
    'END:STANDARD',
    'END:VTIMEZONE',
  ].join('\r\n');
}

export interface InviteFacts {
  id: string;
  caseNo: string;
  start: Date;
  end: Date;
  pointName: string;
  pointAddress: string;
  matterNameZh: string;
  materials: readonly Bilingual[];
  verifyUrl: string;
  createdAt: Date;
}

/** The calendar invite for one appointment (RFC 5545), in Asia/Shanghai time. */
export function bookingInvite(f: InviteFacts): string {
  const cal = ical({
    name: '远程公证预约',
    prodId: { company: 'remote-notary', product: 'booking', language: 'ZH' },
    method: ICalCalendarMethod.PUBLISH,
  });
  cal.timezone({ name: 'Asia/Shanghai', generator: shanghaiVtimezone });
  cal.createEvent({
    id: `${f.id}@remote-notary`,
    // Zone-aware values: with plain Dates the library writes the process's local wall time.
    start: DateTime.fromJSDate(f.start, { zone: 'Asia/Shanghai' }),
    end: DateTime.fromJSDate(f.end, { zone: 'Asia/Shanghai' }),
    stamp: DateTime.fromJSDate(f.createdAt, { zone: 'utc' }),
    timezone: 'Asia/Shanghai',
    summary: `远程公证：${f.matterNameZh}（案件号 ${f.caseNo}）`,
    location: `${f.pointName}，${f.pointAddress}`,
    description: [
      `案件号 Case number: ${f.caseNo}`,
      `公证事项 Matter: ${f.matterNameZh}`,
      '',
      '请携带以下材料 Please bring:',
      ...f.materials.map((m, i) => `${i + 1}. ${m.zh} / ${m.en}`),
      '',
      `查看预约 View your booking: ${f.verifyUrl}`,
    ].join('\n'),
    url: f.verifyUrl,
  });
  return cal.toString();
}
