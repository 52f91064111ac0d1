/**
 * Demo data: Zhenjiang (镇江市), Jiangsu, and Danyang (丹阳市), a county-level city with
 * 12 townships and streets. Province, city and county codes are the real GB/T 2260 ones;
 * the 9-digit township codes are made up for the demo and stored with `illustrative: true`.
 * Six points sit in the townships farthest from the city centre: 6 of 12, coverage 0.5.
 * Addresses and phone numbers are illustrative too.
 */
export const DEMO_REGIONS = [
  { code: '320000', name: '江苏省', level: 'province' as const },
  { code: '321100', name: '镇江市', level: 'city' as const, parentCode: '320000' },
  { code: '321102', name: '京口区', level: 'county' as const, parentCode: '321100' },
  { code: '321111', name: '润州区', level: 'county' as const, parentCode: '321100' },
  { code: '321112', name: '丹徒区', level: 'county' as const, parentCode: '321100' },
  { code: '321181', name: '丹阳市', level: 'county' as const, parentCode: '321100' },
  { code: '321182', name: '扬中市', level: 'county' as const, parentCode: '321100' },
  { code: '321183', name: '句容市', level: 'county' as const, parentCode: '321100' },
  ...[
    ['321181001', '云阳街道'],
    ['321181002', '曲阿街道'],
    ['321181101', '司徒镇'],
    ['321181102', '延陵镇'],
    ['321181103', '珥陵镇'],
    ['321181104', '导墅镇'],
    ['321181105', '皇塘镇'],
    ['321181106', '吕城镇'],
    ['321181107', '陵口镇'],
    ['321181108', '访仙镇'],
    ['321181109', '界牌镇'],
    ['321181110', '丹北镇'],
  ].map(([code, name]) => ({ code, name, level: 'township' as const, parentCode: '321181', illustrative: true })),
];

export const DEMO_OFFICE = {
  name: '江苏省丹阳市公证处',
  regionCode: '321181',
  certificatePrefix: '苏镇丹',
  address: '丹阳市云阳街道金陵西路 88 号（示例地址）',
  phone: '0511-86000000',
};

/**
 * The password the first demo release printed in its README. Demo staff no longer use it (their
 * passwords are generated at seeding and printed once); kept to find accounts still on it.
 */
export const RETIRED_DEMO_PASSWORD = 'demo-password-2026';

/** Every demo staff username, for the warning at start. */
export const demoUsernames = () => [...DEMO_NOTARIES.map((n) => n.username), ...DEMO_POINTS.map((p) => p.assistant.username)];

export const DEMO_NOTARIES = [
  { username: 'demo.notary1', displayName: '王敏（公证员）', licenseNo: 'DEMO-321181-001' },
  { username: 'demo.notary2', displayName: '陈堃（公证员）', licenseNo: 'DEMO-321181-002' },
];

/** The label of each demo point's one bookable seat (a place, not a signing key). */
export const DEMO_SEAT_LABEL = '远程公证室 1 号座席';

const HOURS = {
  mon: [
    ['08:30', '12:00'],
    ['13:30', '17:30'],
  ] as [string, string][],
  tue: [
    ['08:30', '12:00'],
    ['13:30', '17:30'],
  ] as [string, string][],
  wed: [
    ['08:30', '12:00'],
    ['13:30', '17:30'],
  ] as [string, string][],
  thu: [
    ['08:30', '12:00'],
    ['13:30', '17:30'],
  ] as [string, string][],
  fri: [
    ['08:30', '12:00'],
    ['13:30', '17:30'],
  ] as [string, string][],
  sat: [['09:00', '12:00']] as [string, string][],
};

/**
 * The demo notaries work the points' hours, Saturday morning included, so that every hour a
 * demo point is open some notary can take a booking.
 */
export const DEMO_NOTARY_HOURS = HOURS;

export const DEMO_POINTS = [
  ['321181101', '司徒镇'],
  ['321181102', '延陵镇'],
  ['321181103', '珥陵镇'],
  ['321181105', '皇塘镇'],
  ['321181106', '吕城镇'],
  ['321181109', '界牌镇'],
].map(([regionCode, town], i) => ({
  point: {
    name: `丹阳市${town}远程公证服务点`,
    regionCode,
    address: `丹阳市${town}公共法律服务中心（司法所）`,
    phone: `0511-8660000${i + 1}`,
    openingHours: HOURS,
  },
  assistant: { username: `demo.assistant${i + 1}`, displayName: `${town}辅助员` },
}));
