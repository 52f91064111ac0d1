import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestApp, type TestApp } from './support/app.js';
import { buildWorld, writeCounters, type World } from './support/fixtures.js';

describe('matter catalogue', () => {
  let t: TestApp;
  let w: World;
  const auth = () => ({ Authorization: `Bearer ${w.adminToken}` });

  beforeAll(async () => {
    t = await startTestApp();
    w = await buildWorld(t);
  });
  afterAll(() => t.close());

  it('lists the 17 remote-eligible matters publicly, identity document first, with rules and wording', async () => {
    const res = await t.http().get('/api/matters').expect(200);
    expect(res.body).toHaveLength(17);
    expect(res.body.map((m: { nameZh: string }) => m.nameZh)).toEqual(
      expect.arrayContaining(['声明', '委托', '小额继承', '驾驶证', '文本相符']),
    );
    for (const m of res.body) {
      expect(m).toMatchObject({
        code: expect.any(String),
        nameEn: expect.any(String),
        estimatedMinutes: expect.any(Number),
        enabled: true,
      });
      expect(m.requiredMaterials[0].zh).toContain('身份证');
      expect(m.wordingTemplate).toMatch(/^兹证明.*\{\{\w+\}\}/s);
      expect(m.noticeTemplate.length).toBeGreaterThan(50);
    }
    const inheritance = res.body.find((m: { code: string }) => m.code === 'small_inheritance');
    expect(inheritance.rules.maxEstateValueYuan).toBeGreaterThan(0);
    expect(inheritance.requiredMaterials.map((x: { zh: string }) => x.zh).join()).toContain('死亡');
  });

  it('explains matters that are never remote', async () => {
    const never = (await t.http().get('/api/matters/never-remote').expect(200)).body;
    expect(never.map((m: { nameZh: string }) => m.nameZh)).toEqual(expect.arrayContaining(['遗嘱', '收养']));
    const code = never.find((m: { nameZh: string }) => m.nameZh === '遗嘱').code;
    const res = await t.http().get(`/api/matters/${code}`).expect(422);
    expect(res.body.code).toBe('MATTER_NEVER_REMOTE');
    expect((await t.http().get('/api/matters/no_such_matter').expect(404)).body.code).toBe('MATTER_NOT_FOUND');
  });

  it('lets an admin disable a matter, change minutes and the inheritance ceiling, audited', async () => {
    const res = await t.http().patch('/api/matters/driving_licence').set(auth()).send({ enabled: false, estimatedMinutes: 25 }).expect(200);
    expect(res.body).toMatchObject({ enabled: false, estimatedMinutes: 25 });
    const ceiling = await t.http().patch('/api/matters/small_inheritance').set(auth()).send({ maxEstateValueYuan: 300000 }).expect(200);
    expect(ceiling.body.rules.maxEstateValueYuan).toBe(300000);
    const actions = (
      await t.db.query(`SELECT action FROM audit_entries WHERE subject_type = 'matter' AND action <> 'matter.seeded' ORDER BY seq`)
    ).map((r: { action: string }) => r.action);
    expect(actions).toEqual(['matter.disabled', 'matter.updated']);
    await t.http().patch('/api/matters/driving_licence').set(auth()).send({ enabled: true }).expect(200);
  });

  it('refuses bad changes with a specific code, writing nothing', async () => {
    const cases: [string, object, number, string][] = [
      ['declaration', { wordingTemplate: '兹证明{{applicantName}}持有{{spaceship}}。' }, 400, 'UNKNOWN_PLACEHOLDER'],
      ['declaration', { requiredMaterials: [{ zh: '户口簿', en: 'Hukou' }] }, 400, 'IDENTITY_DOCUMENT_FIRST'],
      ['declaration', { maxEstateValueYuan: 1000 }, 400, 'NOT_APPLICABLE'],
      ['declaration', { estimatedMinutes: 1 }, 400, 'VALIDATION_FAILED'],
      ['declaration', { color: 'red' }, 400, 'VALIDATION_FAILED'],
      ['nope', { enabled: false }, 404, 'MATTER_NOT_FOUND'],
    ];
    for (const [code, body, status, errorCode] of cases) {
      const before = await writeCounters(t);
      const res = await t.http().patch(`/api/matters/${code}`).set(auth()).send(body);
      expect({ status: res.status, code: res.body.code }).toEqual({ status, code: errorCode });
      expect(await writeCounters(t)).toEqual(before);
    }
    await t
      .http()
      .patch('/api/matters/declaration')
      .set({ Authorization: `Bearer ${w.notaries[0].token}` })
      .send({ enabled: false })
      .expect(403);
  });

  it('seeds once: a restart-like second seeding adds nothing', async () => {
    const before = await writeCounters(t);
    const { MattersService } = await import('../src/matters/matters.service.js');
    await t.app.get(MattersService).onApplicationBootstrap();
    expect(await writeCounters(t)).toEqual(before);
  });
});
