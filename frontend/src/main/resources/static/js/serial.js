// The serial view: the tail of the VM's serial log, polled, and a line of input sent to the guest.
import { api } from './api.js';

const page = document.querySelector('.serial-page');
const serialApi = `${page.dataset.vmApi}/serial`;
const log = document.getElementById('serial-log');
const status = document.getElementById('serial-status');
const form = document.getElementById('serial-input');

let polling = false;

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
    const text = await (await api(serialApi, { accept: 'text/plain' })).text();
    if (text !== log.textContent) {
      const follow = atBottom();
      log.textContent = text;
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
