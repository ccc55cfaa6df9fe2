// The transaction queue for the system admin, in Chromium: every queue with what waits, is in progress and
// failed, in the console's lazily loaded chunk.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  DESKTOP, shot, signInStaff, waitForHeading, browserForTests,
} from './lib.mjs';

const SYSTEM_ADMIN = { username: 'admin.sistem', password: 'Demo#2026pisao' };
const openPage = browserForTests();

test('the system admin sees each transaction queue and its dead letters', { timeout: 120000 }, async () => {
  const page = await openPage(DESKTOP);
  await signInStaff(page, SYSTEM_ADMIN, { route: '/petugas/antrean' });
  await page.getByRole('link', { name: 'Antrean transaksi' }).click();
  await waitForHeading(page, 'Antrean transaksi');
  const rows = page.locator('[data-queues] tbody tr');
  assert.deepEqual(await rows.evaluateAll((trs) => trs.map((tr) => tr.dataset.queue)), ['submissions', 'tasks']);
  assert.match(await page.locator('[data-queue="submissions"] th').innerText(), /Pengiriman permohonan/);
  const dead = await page.locator('[data-queue="submissions"] td').last().innerText();
  assert.match(dead, /^\d+$/, 'the dead-letter count is a number');
  if (dead === '0') await page.getByText('Tidak ada pesan yang gagal diproses.').waitFor();
  await shot(page, 'd90-antrean-transaksi-desktop');
});
