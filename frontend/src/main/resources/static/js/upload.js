// Forms marked data-upload send their files with XMLHttpRequest to the API operation the attribute names, so the
// page shows how much has gone up; then it follows the task the answer started (202), by its percent, until it
// ends, or (an operation done at once) opens data-upload-done.
// Without the script the same form posts to its page action, which opens the task's page instead.
import { api, csrfHeaders } from './api.js';

const POLL_MS = 1000;

for (const form of document.querySelectorAll('form[data-upload]')) {
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    send(form);
  });
}

function send(form) {
  const view = progressOf(form);
  const button = form.querySelector('button[type="submit"]');
  button.disabled = true;
  view.show(0, 'Uploading…');
  const xhr = new XMLHttpRequest();
  xhr.open('POST', form.dataset.upload);
  xhr.setRequestHeader('Accept', 'application/json');
  for (const [name, value] of Object.entries(csrfHeaders())) {
    xhr.setRequestHeader(name, value);
  }
  xhr.upload.addEventListener('progress', (event) => {
    if (event.lengthComputable) {
      const percent = Math.floor((100 * event.loaded) / event.total);
      view.show(percent, `Uploading: ${percent}% of ${mib(event.total)} MiB`);
    }
  });
  xhr.addEventListener('load', () => {
    if (xhr.status === 202) {
      follow(JSON.parse(xhr.responseText), form, view);
    } else if (xhr.status >= 200 && xhr.status < 300) {
      view.show(100, 'Done');
      window.location.assign(form.dataset.uploadDone);
    } else {
      view.fail(problemText(xhr));
      button.disabled = false;
    }
  });
  xhr.addEventListener('error', () => {
    view.fail('The upload was interrupted; nothing was kept');
    button.disabled = false;
  });
  xhr.send(new FormData(form));
}

// Polls the task until it ends; a finished task opens what it made (data-upload-done, {targetId} filled in).
async function follow(task, form, view) {
  try {
    for (;;) {
      const current = await (await api(`/api/v1/tasks/${task.id}`)).json();
      if (current.state === 'SUCCEEDED') {
        view.show(100, 'Done');
        const done = form.dataset.uploadDone || `/tasks/${task.id}`;
        window.location.assign(done.replace('{targetId}', current.targetId));
        return;
      }
      if (current.state === 'FAILED' || current.state === 'CANCELLED') {
        view.fail(`${current.description}: ${current.failureReason || current.state.toLowerCase()}`);
        form.querySelector('button[type="submit"]').disabled = false;
        return;
      }
      view.show(current.percent, `${current.description}: ${current.percent}%`);
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  } catch (error) {
    view.fail(`The task could not be followed (${error.message}); see the tasks page`);
  }
}

function progressOf(form) {
  const box = form.querySelector('.upload-progress');
  const bar = box.querySelector('progress');
  const status = box.querySelector('.upload-status');
  return {
    show(percent, text) {
      box.hidden = false;
      box.classList.remove('failed');
      bar.value = percent;
      status.textContent = text;
    },
    fail(text) {
      box.hidden = false;
      box.classList.add('failed');
      bar.value = 0;
      status.textContent = text;
    },
  };
}

// Refusals are RFC 9457 problem details; their detail is written for the user.
function problemText(xhr) {
  try {
    const problem = JSON.parse(xhr.responseText);
    return problem.detail || problem.title || `HTTP ${xhr.status}`;
  } catch {
    return `HTTP ${xhr.status}`;
  }
}

function mib(bytes) {
  return Math.max(1, Math.round(bytes / 1048576));
}
