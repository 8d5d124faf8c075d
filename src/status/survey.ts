/**
 * The rating after a call (`survey`): once a call that connected has ended, "How was your call?" with five scores. A
 * score of 4 or 5 is sent at once; a lower one asks what went wrong first. The rating goes to Microsoft's end-of-call
 * survey (so that it lands in the resource's Azure Monitor) and to the page as `teams-call-survey`. Skippable, and never
 * offered after a call that did not connect.
 */
import { html, nothing, type TemplateResult } from 'lit';
import type { SurveyAnswer, SurveyIssue } from '../backends/calling.js';
import { spread } from '../events.js';
import { format } from '../i18n/button.js';
import { focusWhenRendered } from './focus.js';
import type { statusStrings } from './texts.js';

export interface SurveyDetail extends SurveyAnswer {
  /** The SDK's ID of the call rated. */
  callId: string;
  /** Whether Microsoft's survey service took it; the page gets the rating either way. */
  sent: boolean;
}

/** The visitor rated the call that just ended. */
export class TeamsCallSurveyEvent extends CustomEvent<SurveyDetail> {
  constructor(detail: SurveyDetail) {
    super('teams-call-survey', { ...spread, detail });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'teams-call-survey': TeamsCallSurveyEvent;
  }
}

type Texts = typeof statusStrings & { expertFallback: string };
type Phase = 'score' | 'issues' | 'thanks';

const SCORES = [1, 2, 3, 4, 5];
/** A score above this is sent at once; one at or below it asks what went wrong. */
const LOW_SCORE = 3;
const ISSUES: [SurveyIssue, keyof typeof statusStrings][] = [
  ['NoRemoteAudio', 'surveyCantHear'],
  ['NoLocalAudio', 'surveyNotHeard'],
  ['Echo', 'surveyEcho'],
  ['AudioNoise', 'surveyNoise'],
  ['CallEndedUnexpectedly', 'surveyDropped'],
];
const SUBMIT_TIMEOUT_MS = 10_000;

export class CallSurvey {
  #phase?: Phase;
  #callId = '';
  #score = 0;
  #issues = new Set<SurveyIssue>();

  constructor(
    private readonly host: HTMLElement & { calleeName?: string; updateComplete: Promise<unknown> },
    private readonly update: () => void,
  ) {}

  /** A call ended: offer the rating if the page asks for one and the call connected. */
  offer(callId: string, connected: boolean): void {
    this.#phase = this.host.hasAttribute('survey') && connected ? 'score' : undefined;
    this.#callId = callId;
    this.#issues = new Set();
    this.update();
  }

  /** A new call takes the last one's rating away. */
  reset(): void {
    this.#phase = undefined;
  }

  render(texts: Texts): TemplateResult | typeof nothing {
    const name = this.host.calleeName?.trim() || texts.expertFallback;
    if (this.#phase === 'thanks') {
      return html`<p part="survey-thanks" class="message" role="status">${texts.surveyThanks}</p>`;
    }
    if (!this.#phase) return nothing;
    const skip = html`<button part="survey-skip" type="button" @click=${() => this.#skip()}>${texts.surveySkip}</button>`;
    if (this.#phase === 'score') {
      return html`<div part="survey" class="callback-form message" role="group" aria-labelledby="survey-question">
        <strong id="survey-question">${format(texts.surveyQuestion, { name })}</strong>
        <div class="actions">
          ${SCORES.map(
            (score) =>
              html`<button
                part="survey-score"
                type="button"
                aria-label=${format(texts.surveyScore, { score })}
                @click=${() => this.#rate(score)}
              >
                ${score}
              </button>`,
          )}
          ${skip}
        </div>
      </div>`;
    }
    return html`<div part="survey" class="callback-form message" role="group" aria-labelledby="survey-question">
      <strong id="survey-question">${texts.surveyWrong}</strong>
      <div class="actions">
        ${ISSUES.map(
          ([issue, text]) =>
            html`<button
              part="survey-issue"
              type="button"
              aria-pressed=${this.#issues.has(issue) ? 'true' : 'false'}
              @click=${() => this.#toggle(issue)}
            >
              ${format(texts[text], { name })}
            </button>`,
        )}
      </div>
      <div class="actions">
        <button part="survey-send" type="button" @click=${() => void this.#send()}>${texts.surveySend}</button>
        ${skip}
      </div>
    </div>`;
  }

  #rate(score: number): void {
    this.#score = score;
    if (score > LOW_SCORE) return void this.#send();
    this.#phase = 'issues';
    this.update();
    focusWhenRendered(this.host, '[part="survey-issue"]');
  }

  #toggle(issue: SurveyIssue): void {
    if (!this.#issues.delete(issue)) this.#issues.add(issue);
    this.update();
  }

  #skip(): void {
    this.#phase = undefined;
    this.update();
    focusWhenRendered(this.host, '.trigger');
  }

  async #send(): Promise<void> {
    const answer: SurveyAnswer = { score: this.#score, issues: [...this.#issues] };
    const callId = this.#callId;
    this.#phase = 'thanks';
    this.update();
    focusWhenRendered(this.host, '.trigger');
    let sent = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    try {
      const { controllerOf } = await import('../call/index.js');
      const controller = controllerOf(this.host as Parameters<typeof controllerOf>[0]);
      if (!controller) throw new Error('the call code is gone');
      await Promise.race([
        controller.submitSurvey(answer),
        new Promise((_, reject) => (timer = setTimeout(() => reject(new Error('no answer')), SUBMIT_TIMEOUT_MS))),
      ]);
      sent = true;
    } catch (error) {
      console.warn(
        `<${this.host.localName}>: the rating did not reach Microsoft's survey (${(error as Error).message}).`,
      );
    } finally {
      clearTimeout(timer);
    }
    this.host.dispatchEvent(new TeamsCallSurveyEvent({ ...answer, callId, sent }));
  }
}
