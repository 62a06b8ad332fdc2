// The serial view: the tail of the VM's serial log, polled, and a line of input sent to the guest.
import { api } from './api.js';

const page = document.querySelector('.serial-page');
const serialApi = `${page.dataset.vmApi}/serial`;
const log = document.getElementById('serial-log');
const status = document.getElementById('serial-status');
const form = document.getElementById('serial-input');

let polling = false;
let shown = null;

// The log is what the guest wrote to a terminal: escape sequences (colours, cursor queries) and carriage
// returns would show as stray characters in a <pre>.
function readable(raw) {
  return raw
    .replace(/\x1b\[[0-?]*[ -/]*[@-~]/g, '')
    .replace(/\x1b[@-_]/g, '')
    .replace(/\r+\n/g, '\n')
    .replace(/[\x00-\x08\x0b-\x1f\x7f]/g, '');
}

// Someone who scrolled up to read keeps their place; otherwise the newest output stays in view.
function atBottom() {
  return log.scrollHeight - log.scrollTop - log.clientHeight < 8;
}

async function poll() {
  if (polling || document.hidden) {
    return;
  }
  polling = true;
  try {
    const raw = await (await api(serialApi, { accept: 'text/plain' })).text();
    if (raw !== shown) {
      shown = raw;
      const follow = atBottom();
      log.textContent = readable(raw);
      if (follow) {
        log.scrollTop = log.scrollHeight;
      }
    }
    status.classList.remove('problem');
    status.textContent = 'The last 64 KiB of the serial log, refreshed every second.';
  } catch (error) {
    status.classList.add('problem');
    status.textContent = `Serial log unavailable: ${error.message}`;
  } finally {
    polling = false;
  }
}

form?.addEventListener('submit', async (event) => {
  event.preventDefault();
  const line = form.elements.line;
  try {
    await api(`${serialApi}/input`, { method: 'POST', json: { text: `${line.value}\n` } });
    line.value = '';
    poll();
  } catch (error) {
    status.classList.add('problem');
    status.textContent = `Not sent: ${error.message}`;
  }
});

setInterval(poll, 1000);
poll();
