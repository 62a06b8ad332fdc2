// The import form's mapping step. Once the package's files are chosen, its descriptor alone (the .ovf, the .vmx, or
// the descriptor at the head of the .ova) is sent for inspection, so nothing large is uploaded twice; the form then
// shows each source network with a choice of Vireo network and each disk with its bus, defaulted as the import
// would map them, and what Vireo cannot give each VM. On submit the choices go as the mapping JSON the API takes.
import { api } from './api.js';

const form = document.querySelector('form[data-import-mapping]');
if (form) {
  const files = form.querySelector('input[type="file"]');
  const section = form.querySelector('[data-mapping]');
  const mapping = form.querySelector('input[name="mapping"]');
  files.addEventListener('change', () => {
    say(section, 'Reading the package…');
    inspect(files.files, form, section).catch((error) => say(section, error.message, 'true'));
  });
  // In the capture phase, so the mapping is in the form before upload.js (a listener of the bubbling phase) sends it.
  form.addEventListener('submit', () => {
    mapping.value = section.hidden ? '' : JSON.stringify(chosen(section));
  }, true);
}

async function inspect(list, form, section) {
  const descriptor = await descriptorOf([...list]);
  if (!descriptor) {
    say(section, 'Choose the package\'s .ova, .ovf or .vmx to see how it maps.', 'true');
    return;
  }
  const body = new FormData();
  body.append('file', descriptor);
  body.append('teamId', form.querySelector('[name="teamId"]').value);
  const datastore = form.querySelector('[name="datastoreId"]').value;
  if (datastore) {
    body.append('datastoreId', datastore);
  }
  const response = await api('/api/v1/imports/inspect', { method: 'POST', form: body });
  show(section, await response.json());
}

// A tar entry's header: its name in bytes 0–99, its size in octal at 124–135, its kind at 156 (PAX and GNU long-name
// headers come before the entry they describe, and are skipped).
async function descriptorOf(chosen) {
  const direct = chosen.find((f) => /\.(ovf|vmx)$/i.test(f.name));
  if (direct) {
    return direct;
  }
  const ova = chosen.find((f) => /\.ova$/i.test(f.name));
  for (let offset = 0, entries = 0; ova && offset + 512 <= ova.size && entries < 8; entries++) {
    const header = new Uint8Array(await ova.slice(offset, offset + 512).arrayBuffer());
    const name = text(header.subarray(0, 100)).replace(/^\.\//, '');
    const size = parseInt(text(header.subarray(124, 136)).trim(), 8) || 0;
    const kind = String.fromCharCode(header[156]);
    if (!name) {
      break;
    }
    if ((kind === '0' || kind === '\0') && /\.ovf$/i.test(name)) {
      return new File([ova.slice(offset + 512, offset + 512 + size)], name);
    }
    offset += 512 + Math.ceil(size / 512) * 512;
  }
  return null;
}

function text(bytes) {
  const end = bytes.indexOf(0);
  return new TextDecoder().decode(end < 0 ? bytes : bytes.subarray(0, end));
}

// A message instead of the mapping; ready is 'true' once the page has said all it will about the chosen files.
function say(section, message, ready = 'false') {
  section.replaceChildren(element('p', message, 'muted'));
  section.hidden = false;
  section.dataset.ready = ready;
}

// Everything the package says is shown as text: its names are anyone's.
function show(section, inspection) {
  const parts = [element('legend', 'Mapping')];
  if (inspection.networks.length > 0) {
    parts.push(element('h4', 'Networks'));
    for (const network of inspection.networks) {
      const options = inspection.vireoNetworks.slice();
      if (!network.network) {
        options.unshift('');
      }
      parts.push(choice(`Cards on “${network.source || 'no network'}”`, 'network', network.source, options,
        network.network, (n) => n || 'left out: this console has no network for it'));
    }
  }
  for (const vm of inspection.vms) {
    parts.push(element('h4', `${vm.name}: ${vm.vcpus} vCPUs, ${vm.memoryMib} MiB, ${vm.architecture}`));
    for (const disk of vm.disks) {
      parts.push(choice(`Disk ${disk.id}${disk.controller ? ` (was ${disk.controller})` : ''}`, 'disk', disk.id,
        inspection.buses, disk.bus, (bus) => bus.toLowerCase()));
    }
    if (vm.notes.length > 0) {
      parts.push(element('p', 'What Vireo cannot map:', 'muted'));
      const list = element('ul', '');
      vm.notes.forEach((note) => list.append(element('li', note)));
      parts.push(list);
    }
  }
  if (inspection.eula) {
    parts.push(element('p', 'Its license (accept it below to import):', 'muted'), element('pre', inspection.eula));
  }
  section.replaceChildren(...parts);
  section.hidden = false;
  section.dataset.ready = 'true';
}

function choice(label, kind, key, options, selected, shown) {
  const wrapper = element('label', label);
  const select = document.createElement('select');
  select.dataset.kind = kind;
  select.dataset.key = key;
  for (const value of options) {
    const option = new Option(shown(value), value, false, value === selected);
    select.append(option);
  }
  wrapper.append(' → ', select);
  return wrapper;
}

function chosen(section) {
  const result = { networks: {}, disks: {} };
  for (const select of section.querySelectorAll('select[data-kind]')) {
    if (select.value) {
      result[select.dataset.kind === 'network' ? 'networks' : 'disks'][select.dataset.key] = select.value;
    }
  }
  return result;
}

function element(tag, content, className) {
  const node = document.createElement(tag);
  node.textContent = content;
  if (className) {
    node.className = className;
  }
  return node;
}
