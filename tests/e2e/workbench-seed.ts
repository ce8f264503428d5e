// A small ledger for the workbench e2e tests, written through the backend on the database file
// before `serve` opens it: two sections, four tasks, measure rows, a unit with an alias.
import { createBackend } from '../../electron/backend/backend.js';
import { createClient } from '#shared/client.js';

export interface SeededLedger {
  ledgerId: number;
  /** Row ids by a short name. */
  ids: Record<string, number>;
}

export async function seedWorkbenchLedger(dbPath: string): Promise<SeededLedger> {
  const backend = createBackend(dbPath, { actor: '办公室小王' });
  try {
    const client = createClient((m, i) => backend.dispatch(m, i));
    await client.call('units.add', { name: '汉都第三幼儿园', kind: 'kindergarten', aliases: ['汉都三幼'] });
    await client.call('units.add', { name: '规划建设科', kind: 'department', aliases: [] });
    const ledger = await client.call('ledger.create', { name: '2020年重点工作台账', year: 2020 });
    const ledgerId = ledger.id;
    const add = async (parentId: number | null, level: 'section' | 'task' | 'item', values: Record<string, string>) =>
      (await client.call('rows.add', { ledgerId, parentId, level, values })).id;
    const ids: Record<string, number> = {};
    ids.s1 = await add(null, 'section', { code: '一', task: '优化教育资源布局' });
    ids.t1 = await add(ids.s1, 'task', {
      code: '1',
      task: '加快学校建设，增加学位5190个',
      leader: '张局长',
      leadDept: '规划建设科',
      units: '和平小学、东元中学',
      deadline: '6月底前',
      target: '5190个',
      status: '推进中',
    });
    ids.i1 = await add(ids.t1, 'item', { measures: '新建和平小学教学楼', units: '和平小学', deadline: '6月底前' });
    ids.i2 = await add(ids.t1, 'item', { measures: '改扩建东元中学', units: '东元中学', deadline: '年底前' });
    ids.t2 = await add(ids.s1, 'task', {
      code: '2',
      task: '推进学前教育普惠发展，覆盖率占比80%',
      leader: '李副局长',
      leadDept: '学前教育科',
      units: '汉都第三幼儿园',
      deadline: '年底前',
      status: '已完成',
    });
    ids.s2 = await add(null, 'section', { code: '二', task: '加强教师队伍建设' });
    ids.t3 = await add(ids.s2, 'task', { code: '5', task: '招聘高层次教师100名', leader: '张局长', leadDept: '人事科', deadline: '2020.12', status: '滞后' });
    ids.t4 = await add(ids.s2, 'task', { code: '6', task: '师德师风建设', leader: '王副局长', leadDept: '人事科', deadline: '长期坚持', status: '推进中' });
    return { ledgerId, ids };
  } finally {
    backend.close();
  }
}
