// Writes every event the element fires into the page's log, as a host page's analytics would see them.
const log = document.getElementById('log');
const types = [
  'teams-call-state-change',
  'teams-call-connected',
  'teams-call-ended',
  'teams-call-error',
  'teams-call-recording-change',
  'teams-call-transcription-change',
  'teams-call-mute-change',
];
for (const type of types) {
  document.addEventListener(type, (event) => {
    const item = document.createElement('li');
    const time = new Date().toLocaleTimeString();
    item.textContent = `${time}  ${type}  ${event.detail === undefined ? '' : JSON.stringify(event.detail)}`;
    log.prepend(item);
  });
}
