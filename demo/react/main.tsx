// The React demo: the element through `teams-call-button/react`, its events in React state.
import { useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { TeamsCallButton } from '../../src/react.js';

function App() {
  const [simulate, setSimulate] = useState<'answer' | null>(null);
  const [log, setLog] = useState<string[]>([]);
  useEffect(() => {
    void fetch('/demo-config.json')
      .then((response) => response.json())
      .then((config: { mode: string }) => setSimulate(config.mode === 'simulation' ? 'answer' : null));
  }, []);
  const record = (name: string) => (event: Event) =>
    setLog((entries) => [
      `${new Date().toLocaleTimeString()}  ${name}  ${JSON.stringify((event as CustomEvent).detail ?? '')}`,
      ...entries,
    ]);

  return (
    <main>
      <h1>React</h1>
      <p>
        <code>{'<TeamsCallButton>'}</code> from <code>teams-call-button/react</code>, with typed event props.
      </p>
      <TeamsCallButton
        id="expert"
        tokenUrl="/api/acs-token"
        teamsUserId="6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b"
        calleeName="Dr. Lee"
        simulate={simulate}
        onStateChange={record('teams-call-state-change')}
        onConnected={record('teams-call-connected')}
        onEnded={record('teams-call-ended')}
        onError={record('teams-call-error')}
        onRecordingChange={record('teams-call-recording-change')}
        onMuteChange={record('teams-call-mute-change')}
      >
        Talk to an expert
      </TeamsCallButton>
      <h2>Events</h2>
      <ol id="log">
        {log.map((entry, index) => (
          <li key={log.length - index}>{entry}</li>
        ))}
      </ol>
    </main>
  );
}

createRoot(document.getElementById('app')!).render(<App />);
