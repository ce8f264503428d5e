import fs from 'node:fs';
import { createBackend } from '../../electron/backend/backend.js';
const b = createBackend('/tmp/rep-scratch.db', { actor: '测试' });
const call = async (m: string, i: unknown) => { const r = await b.dispatch(m as any, i); if (!r.ok) throw new Error(JSON.stringify(r.error)); return r.value as any; };
const plan = await call('plan.parse', { text: fs.readFileSync('tests/fixtures/work-plan-2020.txt', 'utf8') });
console.log(Object.keys(plan));
