// The in-browser console: noVNC over the console's WebSocket proxy, opened with a single-use ticket.
import { api } from './api.js';

const page = document.querySelector('.console-page');
const vmApi = page.dataset.vmApi;
const pageViewOnly = page.dataset.viewOnly === 'true';
const admin = page.dataset.admin === 'true';

// The noVNC version is the one the frontend jar carries, so its path comes from the page.
const [{ default: RFB }, { default: KeyTable }, { default: keysyms }] = await Promise.all([
  import(`${page.dataset.novnc}/core/rfb.js`),
  import(`${page.dataset.novnc}/core/input/keysym.js`),
  import(`${page.dataset.novnc}/core/input/keysymdef.js`),
]);

const screen = document.getElementById('screen');
const status = document.getElementById('console-status');
const reconnect = document.getElementById('reconnect');
const ctrlAltDel = document.getElementById('ctrl-alt-del');
const typeForm = document.getElementById('type-form');
const typeText = document.getElementById('type-text');
const typeSend = document.getElementById('type-send');
const scale = document.getElementById('scale');
const viewers = document.getElementById('viewers');

// The engine maps keysyms to keys of a US keyboard and expects the client to hold Shift itself.
const SHIFTED = /^[A-Z~!@#$%^&*()_+{}|:"<>?]$/;
const SCALE_KEY = 'vireo.console.scale';

let rfb = null;
let failure = null;

function setStatus(state, text) {
  status.dataset.state = state;
  status.textContent = text;
  const canType = state === 'connected' && rfb !== null && !rfb.viewOnly;
  for (const control of [ctrlAltDel, typeText, typeSend]) {
    control.disabled = !canType;
  }
  reconnect.hidden = state !== 'disconnected';
}

async function connect() {
  failure = null;
  setStatus('connecting', 'Connecting…');
  let ticket;
  try {
    ticket = await (await api(`${vmApi}/console/tickets`, { method: 'POST' })).json();
  } catch (error) {
    setStatus('disconnected', `Disconnected: ${error.message}`);
    return;
  }
  const scheme = location.protocol === 'https:' ? 'wss://' : 'ws://';
  const url = `${scheme}${location.host}${ticket.path}?ticket=${encodeURIComponent(ticket.ticket)}`;
  const session = new RFB(screen, url, { shared: true });
  session.viewOnly = pageViewOnly || ticket.viewOnly === true;
  session.scaleViewport = scale.checked;
  session.background = '#000';
  session.addEventListener('connect', () => {
    setStatus('connected', session.viewOnly ? 'Connected (view only)' : 'Connected');
    refreshViewers();
  });
  session.addEventListener('securityfailure', (event) => {
    failure = event.detail.reason || 'the console refused the session';
  });
  session.addEventListener('disconnect', (event) => {
    rfb = null;
    const reason = failure || (event.detail.clean ? 'the session ended' : 'the connection was lost or refused');
    setStatus('disconnected', `Disconnected: ${reason}`);
    refreshViewers();
  });
  rfb = session;
}

function typeCharacters(text) {
  for (const ch of text.replace(/\r\n?/g, '\n')) {
    if (ch === '\n') {
      rfb.sendKey(KeyTable.XK_Return, 'Enter');
    } else if (ch === '\t') {
      rfb.sendKey(KeyTable.XK_Tab, 'Tab');
    } else {
      const shift = SHIFTED.test(ch);
      if (shift) {
        rfb.sendKey(KeyTable.XK_Shift_L, 'ShiftLeft', true);
      }
      rfb.sendKey(keysyms.lookup(ch.codePointAt(0)), null);
      if (shift) {
        rfb.sendKey(KeyTable.XK_Shift_L, 'ShiftLeft', false);
      }
    }
  }
}

function viewerItem(session) {
  const item = document.createElement('li');
  const who = document.createElement('strong');
  who.textContent = session.user;
  const mode = document.createElement('span');
  mode.className = 'badge';
  mode.textContent = session.viewOnly ? 'view only' : 'controls';
  const since = document.createElement('span');
  since.className = 'muted';
  since.textContent = `since ${new Date(session.connectedAt).toLocaleTimeString()}`;
  item.append(who, ' ', mode, ' ', since);
  if (admin) {
    const kick = document.createElement('button');
    kick.type = 'button';
    kick.className = 'link';
    kick.textContent = 'Disconnect';
    kick.setAttribute('aria-label', `Disconnect ${session.user}`);
    kick.addEventListener('click', () => disconnectViewer(session.id));
    item.append(' ', kick);
  }
  return item;
}

function note(text) {
  const item = document.createElement('li');
  item.className = 'muted';
  item.textContent = text;
  return item;
}

async function refreshViewers() {
  try {
    const sessions = await (await api(`${vmApi}/console/sessions`)).json();
    viewers.replaceChildren(...(sessions.length ? sessions.map(viewerItem) : [note('Nobody is connected.')]));
  } catch (error) {
    viewers.replaceChildren(note(`Viewers unavailable: ${error.message}`));
  }
}

async function disconnectViewer(sessionId) {
  try {
    await api(`${vmApi}/console/sessions/${encodeURIComponent(sessionId)}`, { method: 'DELETE' });
  } catch (error) {
    viewers.prepend(note(`Could not disconnect: ${error.message}`));
    return;
  }
  refreshViewers();
}

ctrlAltDel.addEventListener('click', () => {
  rfb?.sendCtrlAltDel();
  rfb?.focus();
});

typeForm.addEventListener('submit', (event) => {
  event.preventDefault();
  if (rfb && typeText.value) {
    typeCharacters(typeText.value);
    typeText.value = '';
  }
});

// Enter belongs to the text (it becomes a key press); Ctrl+Enter sends.
typeText.addEventListener('keydown', (event) => {
  if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
    event.preventDefault();
    typeForm.requestSubmit();
  }
});

scale.checked = localStorage.getItem(SCALE_KEY) === 'true';
page.classList.toggle('scaled', scale.checked);
scale.addEventListener('change', () => {
  localStorage.setItem(SCALE_KEY, String(scale.checked));
  page.classList.toggle('scaled', scale.checked);
  if (rfb) {
    rfb.scaleViewport = scale.checked;
  }
});

// Tickets are single-use and short-lived, so every reconnect asks for a new one.
reconnect.addEventListener('click', connect);

setInterval(() => {
  if (!document.hidden) {
    refreshViewers();
  }
}, 3000);

connect();
refreshViewers();
