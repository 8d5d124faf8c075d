// The demo page's own script: simulation or live mode, the settings form, the theme switch and the event log.
import { TEAMS_CALL_EVENTS } from '/standalone/teams-call-button.js';

const buttons = () => [...document.querySelectorAll('teams-call-button')];
const main = document.getElementById('expert');
const form = document.getElementById('settings');

const config = await fetch('/demo-config.json').then((response) => response.json());

// The billing team is closed today, whatever day this is, to show what a closed office looks like.
const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Amsterdam' }).format(new Date());
document.getElementById('billing').setAttribute('closed-dates', today);
const mode = document.getElementById('mode');
mode.hidden = false;
if (config.mode === 'simulation') {
  mode.textContent =
    'Simulation: this demo server has no Azure Communication Services resource, so each button plays a scripted Teams ' +
    'callee. Set ACS_CONNECTION_STRING (and TEAMS_USER_ID) to place real calls.';
  for (const button of buttons())
    button.setAttribute('simulate', button === main ? form.elements.simulate.value : 'answer');
} else {
  mode.textContent = 'Live: the buttons call real Teams users through Azure Communication Services.';
  document.getElementById('scenario-field').hidden = true;
  document.getElementById('availability-field').hidden = true;
  if (config.teamsUserId) {
    form.elements['teams-user-id'].value = config.teamsUserId;
    main.setAttribute('teams-user-id', config.teamsUserId);
  }
}

/**
 * Opening hours that are closed now and open at the start of the next hour but one, on the visitor's clock: a window
 * of two hours, past midnight when it has to be.
 */
function hoursClosedNow() {
  const hour = new Date().getHours();
  const at = (h) => `${String(h % 24).padStart(2, '0')}:00`;
  return `Mo-Su ${at(hour + 2)}-${at(hour + 4)}`;
}

/** Settings that are not one attribute each: the scripted availability, the hours, the intake. */
const SCRIPTED = {
  // In simulation the demo server answers the availability the page asks it to script.
  availability: (value) => main.setAttribute('availability-url', `/api/availability${value ? `?script=${value}` : ''}`),
  hours: (value) => {
    main.setAttribute('time-zone', Intl.DateTimeFormat().resolvedOptions().timeZone);
    if (value) main.setAttribute('hours', value === 'open' ? 'Mo-Su 00:00-24:00' : hoursClosedNow());
    else main.removeAttribute('hours');
  },
  intake: (on) => {
    main.toggleAttribute('intake', on);
    if (on) main.setAttribute('intake', 'name topic');
    main.toggleAttribute('intake-url', on);
    if (on) main.setAttribute('intake-url', '/api/callback');
  },
};

form.addEventListener('input', (event) => {
  const { name, value, type, checked } = event.target;
  if (name === 'simulate' && config.mode !== 'simulation') return;
  if (SCRIPTED[name]) return SCRIPTED[name](type === 'checkbox' ? checked : value);
  if (type !== 'checkbox') return main.setAttribute(name, value);
  main.toggleAttribute(name, checked);
  // A checkbox with a value stands for that value: recording-consent="required", availability-policy="hold".
  if (checked && value !== 'on') main.setAttribute(name, value);
});

const darkSwitch = document.getElementById('dark');
darkSwitch.checked = matchMedia('(prefers-color-scheme: dark)').matches;
darkSwitch.addEventListener('change', (event) => {
  const theme = event.target.checked ? 'dark' : 'light';
  document.documentElement.dataset.theme = theme;
  for (const button of buttons()) button.setAttribute('theme', theme);
  form.elements.theme.value = theme;
});

const log = document.getElementById('log');
for (const type of TEAMS_CALL_EVENTS) {
  document.addEventListener(type, (event) => {
    const item = document.createElement('li');
    const who = event.target.getAttribute('callee-name') ?? '';
    const detail = event.detail === undefined || event.detail === null ? '' : JSON.stringify(event.detail);
    item.textContent = `${new Date().toLocaleTimeString()}  ${who}  ${type}  ${detail}`;
    log.prepend(item);
  });
}
