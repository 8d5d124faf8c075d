import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import type { TeamsCallButton } from '../src/teams-call-button.js';
import { fakeCalling, makeJwt } from './support/fake-calling.js';
import {
  answeredCall,
  callButton,
  clickToCall,
  EXPERT_ID,
  part,
  recordEvents,
  shadow,
  untilState,
  visibleText,
} from './support/harness.js';

describe('how a call ended, in words the visitor understands', () => {
  // code, subCode, answered first?, reason, message (see Microsoft's call end codes)
  const table: [number, number, boolean, string, string][] = [
    [0, 0, true, 'remote-ended', 'The call was ended.'],
    [0, 5000, true, 'remote-ended', 'The call was ended.'],
    [0, 5300, true, 'remote-ended', 'The call was ended.'],
    [487, 0, false, 'hung-up', 'Call cancelled.'],
    [487, 540487, false, 'hung-up', 'Call cancelled.'],
    [603, 0, false, 'declined', "Dr. Lee can't take your call right now."],
    [487, 10024, false, 'declined', "Dr. Lee can't take your call right now."],
    [0, 5003, false, 'declined', "Dr. Lee can't take your call right now."],
    [0, 5003, true, 'remote-ended', 'The call was ended.'],
    [487, 10004, false, 'no-answer', "Dr. Lee didn't answer."],
    [408, 10056, false, 'network', "Couldn't connect. Please try again."],
    [408, 4506, false, 'network', "Couldn't connect. Please try again."],
    [408, 10057, false, 'unavailable', "Dr. Lee couldn't be reached. Please try again later."],
    [480, 10037, false, 'unavailable', 'Dr. Lee is not available right now.'],
    [486, 0, false, 'unavailable', 'Dr. Lee is on another call.'],
    [486, 10321, false, 'no-answer', "Dr. Lee didn't answer."],
    [401, 10009, true, 'session-expired', 'Your session expired. Please try again.'],
    [495, 4507, true, 'session-expired', 'Your session expired. Please try again.'],
    [496, 7, true, 'network', 'The call dropped because of a network problem.'],
    [490, 4502, true, 'network', 'The call dropped because of a network problem.'],
    [410, 3112, true, 'network', 'The call dropped because of a network problem.'],
    [
      410,
      3112,
      false,
      'network',
      "Couldn't connect: a firewall may be blocking calls (they need UDP ports 3478–3481 and TCP port 443).",
    ],
    [429, 10110, true, 'time-limit', 'The call reached its time limit.'],
    [0, 4501, false, 'call-failed', "The call couldn't be completed. Please try again."],
    [
      480,
      10199,
      false,
      'not-allowed',
      "This expert can't be reached from this website. (The Teams tenant does not allow these calls.)",
    ],
    [
      403,
      5223,
      false,
      'not-allowed',
      "This expert can't be reached from this website. (The Teams tenant does not allow these calls.)",
    ],
    [
      400,
      10124,
      false,
      'not-allowed',
      "This expert can't be reached from this website. (The Teams tenant does not allow these calls.)",
    ],
    [
      404,
      10119,
      false,
      'invalid-target',
      "This expert's Teams ID was not found. (Check teams-user-id or teams-app-id, and cloud.)",
    ],
    [500, 4242, true, 'unknown', 'The call ended unexpectedly (code 500/4242).'],
  ];
  for (const [code, subCode, answered, reason, message] of table) {
    it(`${code}/${subCode} → ${reason}`, async () => {
      const setup = await callButton();
      const call = answered ? await answeredCall(setup) : await clickToCall(setup);
      const ended = oneEvent(setup.el, 'teams-call-ended');
      call.end(code, subCode);
      const { detail } = await ended;
      expect(detail).to.include({ reason, code, subCode, message, callId: call.id });
      await setup.el.updateComplete;
      expect(visibleText(setup.el, 'message')).to.equal(message);
      expect(setup.el.state).to.equal('ended');
    });
  }

  it('releases the agent after a network or token failure, but keeps it after an ordinary end', async () => {
    const setup = await callButton();
    (await answeredCall(setup)).end(0, 0);
    await untilState(setup.el, 'ended');
    expect(setup.sdk.liveAgents).to.have.length(1);
    (await answeredCall(setup)).end(490, 4502);
    await untilState(setup.el, 'ended');
    await new Promise((resolve) => setTimeout(resolve));
    expect(setup.sdk.liveAgents).to.have.length(0);
  });
});

describe('the recording and transcription notice', () => {
  const notice = (el: HTMLElement) => part(el, 'notice');

  it('is shown and announced as soon as recording starts, and says when it stops', async () => {
    const setup = await callButton();
    const call = await answeredCall(setup);
    expect(notice(setup.el)).to.be.null;
    const started = oneEvent(setup.el, 'teams-call-recording-change');
    call.setRecording(true);
    expect((await started).detail).to.deep.equal({ active: true });
    await setup.el.updateComplete;
    expect(notice(setup.el)!.querySelector('[role="alert"]')!.textContent!.trim()).to.equal(
      'This call is being recorded.',
    );
    expect(visibleText(setup.el, 'notice')).to.equal('This call is being recorded.');
    await expect(setup.el).to.be.accessible();

    const stopped = oneEvent(setup.el, 'teams-call-recording-change');
    call.setRecording(false);
    expect((await stopped).detail).to.deep.equal({ active: false });
    await setup.el.updateComplete;
    expect(notice(setup.el)).to.be.null;
    expect(shadow(setup.el).querySelector('[data-kind="stopped"]')!.textContent).to.equal('Recording has stopped.');
  });

  it('is shown at once when the call was already recorded before the element subscribed', async () => {
    const setup = await callButton();
    setup.sdk.script.beforeStart = (call) => {
      call.state = 'Connected';
      call.recordingActive = true;
    };
    const events = recordEvents(setup.el);
    await clickToCall(setup);
    expect(setup.el.state).to.equal('connected');
    expect(visibleText(setup.el, 'notice')).to.equal('This call is being recorded.');
    expect(events.filter((e) => e.type === 'teams-call-recording-change')).to.deep.equal([
      { type: 'teams-call-recording-change', detail: { active: true } },
    ]);
  });

  it('covers transcription too, alone and with recording', async () => {
    const setup = await callButton();
    const call = await answeredCall(setup);
    const event = oneEvent(setup.el, 'teams-call-transcription-change');
    call.setTranscription(true);
    expect((await event).detail).to.deep.equal({ active: true });
    await setup.el.updateComplete;
    expect(visibleText(setup.el, 'notice')).to.equal('This call is being transcribed.');
    call.setRecording(true);
    await setup.el.updateComplete;
    expect(visibleText(setup.el, 'notice')).to.equal('This call is being recorded and transcribed.');
    call.setTranscription(false);
    await setup.el.updateComplete;
    expect(visibleText(setup.el, 'notice')).to.equal('This call is being recorded.');
  });

  it('is left to the host when it cancels the event', async () => {
    const setup = await callButton();
    const call = await answeredCall(setup);
    setup.el.addEventListener('teams-call-recording-change', (event) => event.preventDefault());
    call.setRecording(true);
    await setup.el.updateComplete;
    expect(notice(setup.el)).to.be.null;
    call.setTranscription(true);
    await setup.el.updateComplete;
    expect(visibleText(setup.el, 'notice'), 'transcription was not taken over').to.equal(
      'This call is being transcribed.',
    );
  });

  it('fires once per change, ignoring repeated reports', async () => {
    const setup = await callButton();
    const call = await answeredCall(setup);
    const events = recordEvents(setup.el);
    call.setRecording(true);
    call.setRecording(true);
    call.setRecording(false);
    call.setRecording(false);
    expect(events.map((e) => e.detail)).to.deep.equal([{ active: true }, { active: false }]);
  });
});

describe('many buttons on one page', () => {
  async function threeButtons() {
    const { sdk, loader } = fakeCalling();
    const token = makeJwt();
    const provider = async () => token;
    const container = await fixture(html`<div>
      ${[1, 2, 3].map(
        (n) => html`<teams-call-button
          teams-user-id=${EXPERT_ID}
          callee-name=${`Expert ${n}`}
          .sdkLoader=${loader}
          .tokenProvider=${provider}
        ></teams-call-button>`,
      )}
    </div>`);
    const buttons = [...container.querySelectorAll('teams-call-button')] as TeamsCallButton[];
    return { sdk, loader, buttons };
  }

  it('share one SDK session and one agent', async () => {
    const { sdk, loader, buttons } = await threeButtons();
    for (const button of buttons) {
      const next = sdk.nextCall();
      await button.call();
      (await next).end(603, 0);
      await untilState(button, 'ended');
    }
    expect(loader.loads).to.equal(1);
    expect(sdk.agents).to.have.length(1);
    expect(sdk.calls).to.have.length(3);
  });

  it('run one call at a time: the others say so, and refuse with busy', async () => {
    const { sdk, buttons } = await threeButtons();
    const [first, second] = buttons;
    const next = sdk.nextCall();
    await first.call();
    const call = await next;
    call.setState('Connected');
    await second.updateComplete;
    expect(visibleText(second, 'message')).to.equal('Another call is in progress on this page.');
    expect(part(second, 'button')!.hasAttribute('disabled')).to.be.true;

    const error = oneEvent(second, 'teams-call-error');
    void second.call();
    expect((await error).detail).to.deep.equal({
      code: 'busy',
      message: 'Another call is in progress on this page. Hang it up first.',
    });
    expect(sdk.calls).to.have.length(1);

    await first.hangUp();
    await second.updateComplete;
    expect(part(second, 'button')!.hasAttribute('disabled')).to.be.false;
    const again = sdk.nextCall();
    await second.call();
    expect((await again).target.id).to.equal(EXPERT_ID);
  });

  it('refuse a second call started in the same task', async () => {
    const { sdk, buttons } = await threeButtons();
    const errors = recordEvents(document);
    void buttons[0].call();
    void buttons[1].call();
    await sdk.nextCall();
    expect(
      errors.filter((e) => e.type === 'teams-call-error').map((e) => (e.detail as { code: string }).code),
    ).to.deep.equal(['busy']);
    expect(sdk.calls).to.have.length(1);
    await buttons[0].hangUp();
  });

  it('keep the SDK while one button remains, and release it with the last', async () => {
    const { sdk, buttons } = await threeButtons();
    const next = sdk.nextCall();
    await buttons[0].call();
    (await next).end(0, 0);
    await untilState(buttons[0], 'ended');
    await buttons[1].prepare();
    buttons[0].remove();
    await new Promise((resolve) => setTimeout(resolve));
    expect(sdk.disposed).to.be.false;
    buttons[1].remove();
    buttons[2].remove();
    await new Promise((resolve) => setTimeout(resolve));
    expect(sdk.disposed).to.be.true;
    expect(sdk.liveAgents).to.have.length(0);
  });
});
