// The browser journey: an administrator uploads a disk image, builds the tiny appliance, creates a VM from it,
// powers it on, types into its screen console, reads the result on the serial view, suspends and resumes it,
// powers it off,
// takes two snapshots, reverts to the first and makes a linked clone of it; adds the machine's libvirt daemon as a
// host and watches a VM's screen there; then a user of another team finds none of it.
//
//   node journey.mjs <base URL> <admin password> <screenshot folder>
//
// CHROMIUM names the browser (default /usr/bin/chromium). Exits 0 when every step passed.
import { mkdirSync, readdirSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const [baseUrl, adminPassword, shots] = process.argv.slice(2);
if (!baseUrl || !adminPassword || !shots) {
  console.error('usage: node journey.mjs <base URL> <admin password> <screenshot folder>');
  process.exit(2);
}
mkdirSync(shots, { recursive: true });
// Pictures of an earlier run would pass for this one's.
for (const old of readdirSync(shots).filter((name) => name.endsWith('.png'))) {
  unlinkSync(join(shots, old));
}

const MINUTE = 60_000;
const CHROMIUM_FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const MALLORY = { username: 'mallory', password: 'mallory-e2e-password' };

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: CHROMIUM_FLAGS,
});

let shot = 0;
let current = null;

async function step(name, action) {
  const started = Date.now();
  console.log(`${name} …`);
  await action();
  shot += 1;
  const file = `${String(shot).padStart(2, '0')}-${name}.png`;
  await current.screenshot({ path: join(shots, file) });
  console.log(`${name} ok (${((Date.now() - started) / 1000).toFixed(1)} s) → ${file}`);
}

function check(condition, message) {
  if (!condition) {
    throw new Error(message);
  }
}

// Pages that show progress without pushing it are reloaded until the condition holds.
async function reloadUntil(page, condition, what, timeout) {
  const deadline = Date.now() + timeout;
  for (;;) {
    if (await condition()) {
      return;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeout / 1000} s waiting for ${what}`);
    }
    await page.waitForTimeout(3000);
    await page.reload({ waitUntil: 'domcontentloaded' });
  }
}

async function signIn(context, username, password) {
  const page = await context.newPage();
  page.on('dialog', (dialog) => dialog.accept());
  page.on('pageerror', (error) => console.log(`[browser ${username}] ${error.message}`));
  await page.goto(`${baseUrl}/login`);
  await page.fill('input[name=username]', username);
  await page.fill('input[name=password]', password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/login'));
  return page;
}

// The API from a signed-in page: its session cookie and the CSRF token the layout publishes.
async function apiCall(page, method, path, data) {
  const csrf = await page.evaluate(() => ({
    header: document.querySelector('meta[name="csrf-header"]')?.content,
    token: document.querySelector('meta[name="csrf-token"]')?.content,
  }));
  const headers = csrf.header ? { [csrf.header]: csrf.token } : {};
  const response = await page.request.fetch(`${baseUrl}${path}`, { method, headers, data, maxRedirects: 0 });
  return { status: response.status(), body: await response.text() };
}

function tinyRow(page) {
  return page.getByRole('table', { name: 'Appliances' }).getByRole('row').filter({ hasText: /\btiny\b/ });
}

function createVmOf(row) {
  return row.getByRole('link', { name: 'Create VM' }).or(row.getByRole('button', { name: 'Create VM' })).first();
}

// The VM page refreshes its live section by itself.
function waitForState(page, state, timeout) {
  return page.locator('#live .state', { hasText: new RegExp(`^${state}$`) }).waitFor({ timeout });
}

// What the noVNC canvas shows, reduced to how many pixels are lit and a hash of all of them.
function sampleCanvas(page) {
  return page.evaluate(() => {
    const canvas = document.querySelector('#screen canvas');
    if (!canvas || canvas.width === 0 || canvas.height === 0) {
      return { lit: 0, hash: 0, width: 0, height: 0 };
    }
    const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
    let lit = 0;
    let hash = 0;
    for (let i = 0; i < pixels.length; i += 4) {
      if (pixels[i] > 24 || pixels[i + 1] > 24 || pixels[i + 2] > 24) {
        lit += 1;
      }
      hash = (Math.imul(hash, 31) + pixels[i] + (pixels[i + 1] << 8) + (pixels[i + 2] << 16)) | 0;
    }
    return { lit, hash, width: canvas.width, height: canvas.height };
  });
}

async function waitForCanvas(page, accept, what, timeout) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const sample = await sampleCanvas(page);
    if (accept(sample)) {
      return sample;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeout / 1000} s waiting for ${what} (last: ${JSON.stringify(sample)})`);
    }
    await page.waitForTimeout(500);
  }
}

async function waitForSerial(page, pattern, timeout) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const serial = await apiCall(page, 'GET', `/api/v1/vms/${vmId}/serial`);
    // The log is raw terminal output: the shell's cursor queries sit right before what it prints.
    if (serial.status === 200 && pattern.test(serial.body.replace(/\x1b\[[0-?]*[ -/]*[@-~]/g, ''))) {
      return;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeout / 1000} s waiting for ${pattern} on the serial console`);
    }
    await page.waitForTimeout(1000);
  }
}

// Playwright types '>' or 'S' as one key event, but the engine maps keysyms to keys of a US keyboard and
// expects Shift to be held for shifted characters, as a person's keyboard does.
async function typeLikeAKeyboard(page, text) {
  for (const ch of text) {
    const shifted = /^[A-Z~!@#$%^&*()_+{}|:"<>?]$/.test(ch);
    if (shifted) {
      await page.keyboard.down('Shift');
    }
    await page.keyboard.press(ch);
    if (shifted) {
      await page.keyboard.up('Shift');
    }
    await page.waitForTimeout(30);
  }
}

// The snapshot tree's entry of one snapshot (its own line and what hangs under it).
function snapshotHolding(page, name) {
  return page.locator('.snapshots li').filter({ has: page.locator(':scope > span', { hasText: new RegExp(`^${name}$`) }) });
}

async function takeSnapshot(page, name) {
  await page.goto(`${baseUrl}${vmUrl}`);
  await page.locator('#snap-name').fill(name);
  await page.getByRole('button', { name: 'Take snapshot' }).click();
  await page.waitForLoadState('domcontentloaded');
  await page.goto(`${baseUrl}${vmUrl}`);
  await reloadUntil(page, async () => (await snapshotHolding(page, name).count()) > 0,
    `snapshot ${name} in the tree`, 2 * MINUTE);
}

function webSocketOpens(page, path) {
  return page.evaluate((url) => new Promise((resolve) => {
    const socket = new WebSocket(url);
    const timer = setTimeout(() => resolve('no answer'), 10_000);
    socket.onopen = () => { clearTimeout(timer); socket.close(); resolve('open'); };
    socket.onerror = () => { clearTimeout(timer); resolve('refused'); };
  }), baseUrl.replace(/^http/, 'ws') + path);
}

let vmId;
let vmUrl;
let usedTicket;

try {
  const adminContext = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await step('login', async () => {
    current = await signIn(adminContext, 'admin', adminPassword);
  });
  const page = current;

  await step('appliances', async () => {
    await page.goto(`${baseUrl}/appliances`);
    await tinyRow(page).getByRole('button', { name: 'Build' }).click();
    await page.waitForLoadState('domcontentloaded');
  });

  // The upload form sends the file with XMLHttpRequest: its bar shows the bytes going up, then the conversion task,
  // and the list shows the new image; a file that is no disk is refused in place.
  await step('image-upload', async () => {
    await page.goto(`${baseUrl}/images`);
    await page.getByText('Upload an image').click();
    const disk = Buffer.alloc(8 << 20);
    disk.fill(0x5a, 1 << 20, 2 << 20);
    await page.setInputFiles('#u-file', { name: 'journey-disk.raw', mimeType: 'application/octet-stream', buffer: disk });
    await page.evaluate(() => {
      const status = document.querySelector('.upload-progress .upload-status');
      new MutationObserver(() => sessionStorage.setItem('upload-status',
        `${sessionStorage.getItem('upload-status') || ''}|${status.textContent}`))
        .observe(status, { childList: true, characterData: true, subtree: true });
    });
    const sent = page.waitForRequest((r) => r.method() === 'POST' && r.url().endsWith('/api/v1/images/upload'));
    await page.getByRole('button', { name: 'Upload image' }).click();
    await sent;
    await page.waitForURL(`${baseUrl}/images`, { timeout: MINUTE });
    await page.getByRole('cell', { name: 'journey-disk', exact: true }).waitFor();
    const shown = await page.evaluate(() => sessionStorage.getItem('upload-status'));
    check(/Uploading: 100% of 8 MiB/.test(shown) && /Done/.test(shown), `the upload's progress showed ${shown}`);

    await page.getByText('Upload an image').click();
    await page.setInputFiles('#u-file', { name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('notes\n') });
    await page.getByRole('button', { name: 'Upload image' }).click();
    await page.locator('.upload-progress.failed', { hasText: 'not whole 512-byte sectors' }).waitFor();
  });

  await step('appliance-ready', async () => {
    await page.goto(`${baseUrl}/appliances`);
    await reloadUntil(page, () => createVmOf(tinyRow(page)).isVisible(), 'the tiny appliance to be registered',
      6 * MINUTE);
  });

  await step('create-vm', async () => {
    await createVmOf(tinyRow(page)).click();
    await page.getByLabel('Name', { exact: true }).fill('e2e-vm');
    await page.getByLabel('Team').selectOption({ label: 'Administrators' });
    await page.getByRole('button', { name: 'Create VM' }).click();
    await page.waitForURL(/\/vms\/\d+$/, { timeout: 2 * MINUTE });
    vmUrl = new URL(page.url()).pathname;
    vmId = vmUrl.split('/').pop();
  });

  await step('power-on', async () => {
    await reloadUntil(page, () => page.getByRole('button', { name: 'Power on' }).isVisible(),
      'the VM to be ready to power on', 2 * MINUTE);
    await page.getByRole('button', { name: 'Power on' }).click();
    await waitForState(page, 'RUNNING', 2 * MINUTE);
  });

  page.on('response', async (response) => {
    if (response.request().method() === 'POST' && response.url().endsWith(`/vms/${vmId}/console/tickets`)
        && response.status() === 201) {
      usedTicket = (await response.json()).ticket;
    }
  });

  await step('console', async () => {
    await page.goto(`${baseUrl}/vms/${vmId}/console`);
    await page.locator('#console-status[data-state="connected"]').waitFor({ timeout: MINUTE });
    const first = await waitForCanvas(page, (s) => s.lit > 2000, 'the guest to draw on the screen', 3 * MINUTE);
    await waitForCanvas(page, (s) => s.lit > 2000 && s.hash !== first.hash, 'the screen to change as the guest prints',
      3 * MINUTE);
  });

  await step('console-typed', async () => {
    // The tiny appliance prints VIREO-READY on its serial port just before its shells start.
    await waitForSerial(page, /VIREO-READY/, 3 * MINUTE);
    await page.waitForTimeout(3000);
    await page.locator('#screen canvas').click();
    await page.keyboard.press('Enter');
    await page.waitForTimeout(1000);
    const before = await sampleCanvas(page);
    await typeLikeAKeyboard(page, 'echo e2e-ok > /dev/ttyS0');
    await page.keyboard.press('Enter');
    await waitForCanvas(page, (s) => s.hash !== before.hash, 'the typed command to show on the screen', MINUTE);
    // Exactly as typed: a key typed twice (a guest autorepeating a key whose release came late) fails here.
    await waitForSerial(page, /(?<![\w-])e2e-ok(?![\w-])/, MINUTE);
    await page.waitForTimeout(1000);
  });

  await step('console-type-button', async () => {
    // The page's own typing sends Shift around capitals and '>' itself.
    await page.getByLabel('Type text').fill('echo Typed-By-Button > /dev/ttyS0\n');
    await page.getByRole('button', { name: 'Type', exact: true }).click();
    await waitForSerial(page, /(?<![\w-])Typed-By-Button(?![\w-])/, MINUTE);
    await page.waitForTimeout(1000);
  });

  await step('console-reconnect', async () => {
    await page.locator('#viewers li', { hasText: 'admin' }).waitFor({ timeout: 10_000 });
    await page.getByRole('button', { name: 'Disconnect admin' }).click();
    await page.locator('#console-status[data-state="disconnected"]').waitFor({ timeout: 20_000 });
    // Tickets are single-use: reconnecting must ask for a fresh one.
    await page.getByRole('button', { name: 'Reconnect' }).click();
    await page.locator('#console-status[data-state="connected"]').waitFor({ timeout: MINUTE });
    await waitForCanvas(page, (s) => s.lit > 2000, 'the screen after reconnecting', MINUTE);
    await page.locator('#viewers li', { hasText: 'admin' }).waitFor({ timeout: 10_000 });
  });

  await step('serial', async () => {
    await page.goto(`${baseUrl}/vms/${vmId}/serial`);
    await page.locator('#serial-log', { hasText: 'e2e-ok' }).waitFor({ timeout: MINUTE });
  });

  // Suspend from the VM page (state and memory go to its folder), resume: the screen comes back as the guest left
  // it and takes typing, without a reboot.
  await step('suspend', async () => {
    await page.goto(`${baseUrl}${vmUrl}`);
    await page.getByRole('button', { name: 'Suspend' }).click();
    await waitForState(page, 'SUSPENDED', 2 * MINUTE);
    // The toolbar is drawn with the page: the one the redirect showed may predate the engine's event.
    await reloadUntil(page, () => page.getByRole('button', { name: 'Resume' }).isVisible(),
      'a Resume button on the suspended VM', MINUTE);
    check(await page.getByRole('button', { name: 'Power off (discard saved state)' }).isVisible(),
      'a suspended VM offers no way to discard its saved state');
  });

  await step('resume', async () => {
    await page.getByRole('button', { name: 'Resume' }).click();
    await waitForState(page, 'RUNNING', 2 * MINUTE);
    await page.goto(`${baseUrl}/vms/${vmId}/console`);
    await page.locator('#console-status[data-state="connected"]').waitFor({ timeout: MINUTE });
    await waitForCanvas(page, (s) => s.lit > 2000, 'the screen after resuming', MINUTE);
    await page.locator('#screen canvas').click();
    await typeLikeAKeyboard(page, 'echo resumed-$((40+2)) > /dev/ttyS0');
    await page.keyboard.press('Enter');
    await waitForSerial(page, /(?<![\w-])resumed-42(?![\w-])/, MINUTE);
    await page.waitForTimeout(1000);
  });

  await step('power-off', async () => {
    await page.goto(`${baseUrl}${vmUrl}`);
    await page.getByRole('button', { name: 'Power off' }).click();
    await waitForState(page, 'STOPPED', 2 * MINUTE);
  });

  // Snapshots and a linked clone, from the VM page, on the stopped VM's real disk chain.
  await step('snapshot-first', async () => {
    await takeSnapshot(page, 'first');
  });

  await step('snapshot-second', async () => {
    await takeSnapshot(page, 'second');
    check(await page.locator('.here').count() === 1, 'the snapshot tree shows no single "You are here"');
  });

  await step('snapshot-revert', async () => {
    await page.getByRole('button', { name: 'Revert to snapshot first' }).click();
    await reloadUntil(page, async () => (await snapshotHolding(page, 'first').locator('.here').count()) > 0
      && (await snapshotHolding(page, 'second').locator('.here').count()) === 0,
      '"You are here" to move under snapshot first', 2 * MINUTE);
  });

  await step('linked-clone', async () => {
    await page.getByLabel('Name (also the clone\'s host name)').fill('e2e-clone');
    await page.getByLabel('Kind').selectOption('LINKED');
    await page.getByLabel('State').selectOption({ label: 'Snapshot first' });
    await page.getByRole('button', { name: 'Clone VM' }).click();
    await page.waitForLoadState('domcontentloaded');
    await page.goto(`${baseUrl}/vms`);
    await reloadUntil(page, () => page.getByRole('link', { name: 'e2e-clone', exact: true }).isVisible(),
      'the linked clone in the VM list', 2 * MINUTE);
    await page.getByRole('link', { name: 'e2e-clone', exact: true }).click();
    await reloadUntil(page, () => page.getByText(/linked: stands on/).first().isVisible(),
      'the clone page to show the base its disk stands on', 2 * MINUTE);
    check(await page.getByText('e2e-clone', { exact: true }).count() > 0, 'the clone page does not show its host name');
  });

  // Both VMs have a card on the NAT network "default": the clone's got a MAC of its own. One pings the other
  // from its console, across the engine's virtual switch.
  let cloneAddress;
  await step('network-addresses', async () => {
    const cloneUrl = new URL(page.url()).pathname;
    for (const url of [cloneUrl, vmUrl]) {
      await page.goto(`${baseUrl}${url}`);
      await page.getByRole('button', { name: 'Power on' }).click();
      await waitForState(page, 'RUNNING', 2 * MINUTE);
    }
    const leased = async (url) => {
      await page.goto(`${baseUrl}${url}`);
      await reloadUntil(page, async () => /^\d+\.\d+\.\d+\.\d+$/.test(
        (await page.locator('.nic-address').first().textContent()).trim()), `a DHCP lease shown on ${url}`, 4 * MINUTE);
      return (await page.locator('.nic-address').first().textContent()).trim();
    };
    cloneAddress = await leased(cloneUrl);
    const ownAddress = await leased(vmUrl);
    check(ownAddress !== cloneAddress, `both VMs show the address ${ownAddress}`);
  });

  await step('network-ping', async () => {
    await page.goto(`${baseUrl}/vms/${vmId}/console`);
    await page.locator('#console-status[data-state="connected"]').waitFor({ timeout: MINUTE });
    await waitForCanvas(page, (s) => s.lit > 2000, 'the guest screen', 3 * MINUTE);
    await waitForSerial(page, /VIREO-READY/, 3 * MINUTE);
    await page.waitForTimeout(3000);
    await page.locator('#screen canvas').click();
    await page.keyboard.press('Enter');
    await typeLikeAKeyboard(page, `ping -c 3 ${cloneAddress}; echo net-$? > /dev/ttyS0`);
    await page.keyboard.press('Enter');
    await waitForSerial(page, /(?<![\w-])net-0(?![\w-])/, 2 * MINUTE);
    await page.waitForTimeout(1000);
  });

  // A libvirt host beside the engine: the machine's own daemon, which ./vireo-test starts and names in
  // VIREO_TEST_LIBVIRT_URI. A VM placed on it runs under QEMU, and its screen comes through the same console page,
  // ticket and WebSocket as an engine VM's.
  const libvirtUri = process.env.VIREO_TEST_LIBVIRT_URI;
  if (libvirtUri) {
    let hostId;
    await step('libvirt-host', async () => {
      await page.goto(`${baseUrl}/admin/hosts`);
      await page.getByText('Add a libvirt host').click();
      await page.getByLabel('Name', { exact: true }).fill('qemu-e2e');
      await page.getByLabel('URI', { exact: true }).fill(libvirtUri);
      await page.getByRole('button', { name: 'Add host' }).click();
      await page.getByRole('row').filter({ hasText: 'qemu-e2e' }).filter({ hasText: 'CONNECTED' })
        .waitFor({ timeout: MINUTE });
      const hosts = JSON.parse((await apiCall(page, 'GET', '/api/v1/hosts')).body);
      hostId = hosts.find((h) => h.name === 'qemu-e2e').id;
    });

    // The New VM form's Host select places it; the VM page names its host.
    let libvirtVm;
    await step('libvirt-console', async () => {
      await page.goto(`${baseUrl}/appliances`);
      await createVmOf(tinyRow(page)).click();
      await page.getByLabel('Name', { exact: true }).fill('e2e-on-qemu');
      await page.getByLabel('Team').selectOption({ label: 'Administrators' });
      await page.getByLabel('Host', { exact: true }).selectOption({ value: String(hostId) });
      await page.getByRole('button', { name: 'Create VM' }).click();
      await page.waitForURL(/\/vms\/\d+$/, { timeout: 2 * MINUTE });
      libvirtVm = new URL(page.url()).pathname.split('/').pop();
      await page.goto(`${baseUrl}/vms/${libvirtVm}`);
      await reloadUntil(page, () => page.getByRole('button', { name: 'Power on' }).isVisible(),
        'the libvirt VM to be ready to power on', 2 * MINUTE);
      check(await page.getByText('qemu-e2e').count() > 0, 'the VM page does not name its host qemu-e2e');
      await page.getByRole('button', { name: 'Power on' }).click();
      await waitForState(page, 'RUNNING', 2 * MINUTE);
      await page.goto(`${baseUrl}/vms/${libvirtVm}/console`);
      await page.locator('#console-status[data-state="connected"]').waitFor({ timeout: MINUTE });
      const serial = async () => (await apiCall(page, 'GET', `/api/v1/vms/${libvirtVm}/serial`)).body;
      const deadline = Date.now() + 3 * MINUTE;
      while (!/VIREO-READY/.test(await serial())) {
        check(Date.now() < deadline, 'the VM on the libvirt host never printed VIREO-READY');
        await page.waitForTimeout(1000);
      }
      await waitForCanvas(page, (s) => s.lit > 2000, 'the QEMU guest to draw on the screen', MINUTE);
    });

    await step('libvirt-power-off', async () => {
      await page.goto(`${baseUrl}/vms/${libvirtVm}`);
      await page.getByRole('button', { name: 'Power off' }).click();
      await waitForState(page, 'STOPPED', 2 * MINUTE);
    });
  } else {
    check(!process.env.CI, 'CI is set but VIREO_TEST_LIBVIRT_URI is not: the libvirt steps cannot run');
    console.log('libvirt steps skipped: set VIREO_TEST_LIBVIRT_URI (./vireo-test does) to run them');
  }

  await step('other-team', async () => {
    const team = await apiCall(page, 'POST', '/api/v1/teams', { name: 'Other', description: 'e2e isolation check' });
    check(team.status === 201, `creating team Other answered ${team.status}: ${team.body}`);
    const user = await apiCall(page, 'POST', '/api/v1/users', {
      username: MALLORY.username, displayName: 'Mallory', password: MALLORY.password, role: 'USER',
    });
    check(user.status === 201, `creating user mallory answered ${user.status}: ${user.body}`);
    const member = await apiCall(page, 'PUT', `/api/v1/teams/${JSON.parse(team.body).id}/members`,
      { username: MALLORY.username, role: 'OWNER' });
    check(member.status === 200, `adding mallory to Other answered ${member.status}: ${member.body}`);
    await page.goto(`${baseUrl}/admin/teams`);
  });

  const malloryContext = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await step('mallory', async () => {
    current = await signIn(malloryContext, MALLORY.username, MALLORY.password);
    await current.goto(`${baseUrl}/vms`);
    check(await current.getByText('e2e-vm').count() === 0, 'mallory sees e2e-vm in /vms');
  });

  await step('mallory-refused', async () => {
    const consolePage = await current.request.get(`${baseUrl}/vms/${vmId}/console`);
    check(consolePage.status() === 404, `GET /vms/${vmId}/console answered ${consolePage.status()} to mallory`);
    const ticket = await apiCall(current, 'POST', `/api/v1/vms/${vmId}/console/tickets`);
    check(ticket.status === 404, `POST console tickets answered ${ticket.status} to mallory: ${ticket.body}`);
    check(usedTicket, 'the console page never received a ticket to replay');
    for (const guess of [usedTicket, 'guessed-ticket-0000']) {
      const outcome = await webSocketOpens(current, `/console/ws/vms/${vmId}?ticket=${encodeURIComponent(guess)}`);
      check(outcome !== 'open', `the console WebSocket opened for mallory with ticket ${guess}`);
      console.log(`  WebSocket with ${guess === usedTicket ? "admin's used" : 'a guessed'} ticket: ${outcome}`);
    }
    await current.goto(`${baseUrl}/vms/${vmId}/console`);
  });

  console.log('journey passed');
} catch (error) {
  console.error(`journey FAILED: ${error.stack || error}`);
  if (current) {
    await current.screenshot({ path: join(shots, 'failure.png') }).catch(() => {});
  }
  process.exitCode = 1;
} finally {
  await browser.close();
}
