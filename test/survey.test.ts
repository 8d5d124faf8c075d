import { expect } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import sinon from 'sinon';
import '../src/define.js';
import { LOCALES } from '../src/i18n/locales/index.js';
import type { TeamsCallButton } from '../src/teams-call-button.js';
import {
  answeredCall,
  callButton,
  clickToCall,
  part,
  shadow,
  untilState,
  visibleText,
  waitFor,
} from './support/harness.js';

const scores = (el: TeamsCallButton) => [...shadow(el).querySelectorAll<HTMLElement>('[part="survey-score"]')];
const issue = (el: TeamsCallButton, text: string) =>
  [...shadow(el).querySelectorAll<HTMLElement>('[part="survey-issue"]')].find((b) => b.textContent!.trim() === text)!;
const active = (el: TeamsCallButton) => shadow(el).activeElement as HTMLElement | null;

/** A call that connected and was hung up, with the page asking for a rating. */
async function ratedCall(attributes: Record<string, string> = {}) {
  const setup = await callButton({ attributes: { survey: '', ...attributes } });
  const call = await answeredCall(setup);
  const surveys: unknown[] = [];
  setup.el.addEventListener('teams-call-survey', (event) => surveys.push(event.detail));
  await setup.el.hangUp();
  await untilState(setup.el, 'ended');
  await waitFor(() => part(setup.el, 'survey') !== null, 'the rating offered');
  return { ...setup, call, surveys };
}

describe('the rating after a call', () => {
  afterEach(() => sinon.restore());

  it('sends a good score at once, with one tap, to Microsoft’s survey and to the page', async () => {
    const { el, call, surveys } = await ratedCall();
    expect(visibleText(el, 'survey')).to.equal('How was your call with Dr. Lee? 1 2 3 4 5 Skip');
    expect(scores(el).map((b) => b.getAttribute('aria-label'))).to.deep.equal([
      '1 out of 5',
      '2 out of 5',
      '3 out of 5',
      '4 out of 5',
      '5 out of 5',
    ]);
    scores(el)[4].click();
    await waitFor(() => surveys.length === 1, 'the survey event');
    expect(call.surveys).to.deep.equal([{ score: 5, issues: [] }]);
    expect(surveys).to.deep.equal([{ score: 5, issues: [], callId: call.id, sent: true }]);
    expect(visibleText(el, 'survey-thanks')).to.equal('Thank you for your feedback.');
  });

  it('asks what went wrong after a low score, with the keyboard alone', async () => {
    const { el, call, surveys } = await ratedCall();
    scores(el)[1].focus();
    await sendKeys({ press: 'Enter' });
    await waitFor(() => active(el)?.getAttribute('part') === 'survey-issue', 'the focus on the first issue');
    expect(visibleText(el, 'survey')).to.equal(
      "What went wrong? I couldn't hear Dr. Lee Dr. Lee couldn't hear me Echo Background noise The call dropped Send Skip",
    );
    await sendKeys({ press: 'Space' }); // I couldn't hear Dr. Lee
    for (let i = 0; i < 4; i++) await sendKeys({ press: 'Tab' });
    await sendKeys({ press: 'Space' }); // The call dropped
    expect(issue(el, 'The call dropped').getAttribute('aria-pressed')).to.equal('true');
    await sendKeys({ press: 'Tab' });
    expect(active(el)?.getAttribute('part')).to.equal('survey-send');
    await sendKeys({ press: 'Enter' });
    await waitFor(() => surveys.length === 1, 'the survey event');
    expect(call.surveys).to.deep.equal([{ score: 2, issues: ['NoRemoteAudio', 'CallEndedUnexpectedly'] }]);
  });

  it('tells the page even when Microsoft’s survey is out of reach, and thanks the visitor', async () => {
    const setup = await callButton({ attributes: { survey: '' } });
    const call = await answeredCall(setup);
    call.surveyError = new Error('offline');
    const surveys: unknown[] = [];
    setup.el.addEventListener('teams-call-survey', (event) => surveys.push(event.detail));
    const warn = sinon.stub(console, 'warn');
    await setup.el.hangUp();
    await waitFor(() => part(setup.el, 'survey') !== null, 'the rating offered');
    scores(setup.el)[3].click();
    await waitFor(() => surveys.length === 1, 'the survey event');
    expect(surveys[0]).to.include({ score: 4, sent: false });
    expect(warn.firstCall.args[0]).to.include("the rating did not reach Microsoft's survey (offline)");
    expect(visibleText(setup.el, 'survey-thanks')).to.equal('Thank you for your feedback.');
  });

  it('can be skipped: sends nothing, and gives the focus back to the button', async () => {
    const setup = await ratedCall();
    part(setup.el, 'survey-skip')!.click();
    await waitFor(() => part(setup.el, 'survey') === null, 'the rating gone');
    await waitFor(() => active(setup.el) === part(setup.el, 'button'), 'the focus back on the button');
    expect(setup.call.surveys).to.have.length(0);
    expect(setup.surveys).to.have.length(0);
  });

  it('is never offered after a call that did not connect, nor without survey', async () => {
    const declined = await callButton({ attributes: { survey: '' } });
    (await clickToCall(declined)).end(603, 0);
    await untilState(declined.el, 'ended');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(part(declined.el, 'survey')).to.equal(null);

    const plain = await callButton();
    await answeredCall(plain);
    await plain.el.hangUp();
    await untilState(plain.el, 'ended');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(part(plain.el, 'survey')).to.equal(null);
  });

  for (const lang of LOCALES) {
    it(`reads in ${lang}, and is accessible`, async () => {
      const { el } = await ratedCall({ lang });
      await waitFor(() => !visibleText(el, 'survey').startsWith('How was'), `${lang} texts`);
      await expect(el).to.be.accessible();
      scores(el)[0].click();
      await waitFor(() => part(el, 'survey-issue') !== null, 'the issues');
      await expect(el).to.be.accessible();
    });
  }
});
