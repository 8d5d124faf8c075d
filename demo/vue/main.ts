// The Vue demo: the element in a Vue app (render functions, so no template compiler and no 'unsafe-eval').
import { createApp, h, onMounted, ref } from 'vue';
import { TEAMS_CALL_EVENTS } from '/standalone/teams-call-button.js';

createApp({
  setup() {
    const simulate = ref<string | undefined>(undefined);
    const log = ref<string[]>([]);
    onMounted(async () => {
      const config = (await (await fetch('/demo-config.json')).json()) as { mode: string };
      simulate.value = config.mode === 'simulation' ? 'answer' : undefined;
    });
    // Vue's `on…` props with the event's own (kebab-case) name.
    const listeners = Object.fromEntries(
      TEAMS_CALL_EVENTS.map((type) => [
        `on${type[0].toUpperCase()}${type.slice(1)}`,
        (event: CustomEvent) =>
          log.value.unshift(`${new Date().toLocaleTimeString()}  ${type}  ${JSON.stringify(event.detail ?? '')}`),
      ]),
    );
    return () =>
      h('main', [
        h('h1', 'Vue'),
        h('p', ['The element in a Vue 3 app; every event goes to the log below.']),
        h(
          'teams-call-button',
          {
            id: 'expert',
            'token-url': '/api/acs-token',
            'teams-user-id': '6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b',
            'callee-name': 'Dr. Lee',
            simulate: simulate.value,
            ...listeners,
          },
          'Talk to an expert',
        ),
        h('h2', 'Events'),
        h(
          'ol',
          { id: 'log' },
          log.value.map((entry) => h('li', entry)),
        ),
      ]);
  },
}).mount('#app');
