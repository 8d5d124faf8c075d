import { expect, fixture, html } from '@open-wc/testing';
import '../src/define.js';
import { LOCALES, loadLocale, localeFor } from '../src/i18n/locales/index.js';
import { en, type StringKey } from '../src/i18n/strings.js';
import type { TeamsCallButton } from '../src/teams-call-button.js';
import { fakeCalling, makeJwt } from './support/fake-calling.js';
import { EXPERT_ID, part, waitFor, shadow, untilState, visibleText } from './support/harness.js';

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1]).sort();

/** Waits until the element has loaded its language's table (the label leaves English). */
async function settled(el: TeamsCallButton, english: string) {
  await waitFor(() => part(el, 'button')!.textContent!.trim() !== english, 'the language table loaded');
  await el.updateComplete;
}

describe('languages', () => {
  it('has the twelve built-in languages', () => {
    expect([...LOCALES].sort()).to.deep.equal([
      'ar',
      'de',
      'es',
      'fr',
      'he',
      'it',
      'ja',
      'ko',
      'nl',
      'pl',
      'pt-BR',
      'zh-Hans',
    ]);
  });

  it('maps language tags to them', () => {
    expect(localeFor('de-AT')).to.equal('de');
    expect(localeFor('pt')).to.equal('pt-BR');
    expect(localeFor('pt-PT')).to.equal('pt-BR');
    expect(localeFor('zh-CN')).to.equal('zh-Hans');
    expect(localeFor('zh-TW'), 'no Traditional Chinese table: English').to.be.undefined;
    expect(localeFor('sv')).to.be.undefined;
  });

  for (const lang of LOCALES) {
    describe(lang, () => {
      it('has every key, with the same placeholders as English', async () => {
        const { strings } = (await loadLocale(lang))!;
        for (const key of Object.keys(en) as StringKey[]) {
          expect(strings[key], `${lang}.${key}`).to.be.a('string').and.not.equal('');
          expect(placeholders(strings[key]), `${lang}.${key} placeholders`).to.deep.equal(placeholders(en[key]));
        }
        expect(Object.keys(strings).sort()).to.deep.equal(Object.keys(en).sort());
      });

      it('renders the whole call panel within 320 px, accessibly, in the right direction', async () => {
        const { sdk, loader } = fakeCalling();
        const container = await fixture<HTMLDivElement>(html`
          <div style="width: 320px" lang=${lang}>
            <teams-call-button teams-app-id=${EXPERT_ID} callee-name="Dr. Lee" .sdkLoader=${loader} .tokenProvider=${async () => makeJwt()}>
            </teams-call-button>
          </div>
        `);
        const el = container.querySelector('teams-call-button')!;
        await settled(el, 'Call Dr. Lee');
        const label = part(el, 'button')!.textContent!.trim();
        expect(label, 'the label is translated').to.not.equal('Call Dr. Lee');
        expect(label).to.contain('Dr. Lee');
        const rtl = lang === 'ar' || lang === 'he';
        expect(shadow(el).querySelector('.root')!.getAttribute('dir')).to.equal(rtl ? 'rtl' : 'ltr');

        const next = sdk.nextCall();
        await el.call();
        const call = await next;
        call.setState('Connected');
        call.setRecording(true);
        call.emit({ type: 'diagnostic', name: 'networkReconnect', value: 2 });
        await untilState(el, 'connected');
        part(el, 'keypad-button')!.click();
        await el.updateComplete;
        part(el, 'devices-button')!.click();
        await el.updateComplete;

        const panel = part(el, 'panel')!;
        expect(panel.getBoundingClientRect().width, 'fits 320 px').to.be.at.most(320);
        for (const node of [panel, ...panel.querySelectorAll<HTMLElement>('*')]) {
          expect(
            node.scrollWidth,
            `no overflow in ${node.getAttribute('part') ?? node.className ?? node.tagName}`,
          ).to.be.at.most(node.clientWidth + 1 || node.scrollWidth);
        }
        for (const button of shadow(el).querySelectorAll('button')) {
          const { width, height } = button.getBoundingClientRect();
          expect(Math.min(width, height), `target size of “${button.textContent!.trim()}”`).to.be.at.least(24);
        }
        expect(visibleText(el, 'notice')).to.equal((await loadLocale(lang))!.strings.recording);
        await expect(el).to.be.accessible();

        call.end(603, 0);
        await untilState(el, 'ended');
        expect(visibleText(el, 'message')).to.contain('Dr. Lee');
        await expect(el).to.be.accessible();
      });
    });
  }

  it('follows its own lang, then the nearest [lang] around it, and changes with it', async () => {
    const container = await fixture<HTMLDivElement>(
      html`<div lang="fr"><teams-call-button callee-name="Dr. Lee"></teams-call-button></div>`,
    );
    const el = container.querySelector('teams-call-button')!;
    await settled(el, 'Call Dr. Lee');
    expect(part(el, 'button')!.textContent!.trim()).to.equal('Appeler Dr. Lee');
    el.setAttribute('lang', 'de');
    await settled(el, 'Appeler Dr. Lee');
    expect(part(el, 'button')!.textContent!.trim()).to.equal('Dr. Lee anrufen');
    el.setAttribute('lang', 'en-GB');
    await el.updateComplete;
    expect(part(el, 'button')!.textContent!.trim()).to.equal('Call Dr. Lee');
  });

  it("takes the page's own texts over its language, and keeps the built-in ones for the rest", async () => {
    const { sdk, loader } = fakeCalling();
    const el = await fixture<TeamsCallButton>(html`
      <teams-call-button lang="de" teams-user-id=${EXPERT_ID} callee-name="Dr. Lee" .sdkLoader=${loader}
        .tokenProvider=${async () => makeJwt()} .strings=${{ callLabel: 'Mit {name} sprechen', recording: 'Achtung: Aufnahme läuft.' }}>
      </teams-call-button>
    `);
    await settled(el, 'Call Dr. Lee');
    expect(part(el, 'button')!.textContent!.trim()).to.equal('Mit Dr. Lee sprechen');
    const next = sdk.nextCall();
    await el.call();
    const call = await next;
    call.setState('Connected');
    call.setRecording(true);
    await untilState(el, 'connected');
    expect(visibleText(el, 'notice')).to.equal('Achtung: Aufnahme läuft.');
    expect(visibleText(el, 'hang-up-button'), 'German for what the page left out').to.equal('Auflegen');
  });

  it("reports errors in the element's language", async () => {
    const el = await fixture<TeamsCallButton>(
      html`<teams-call-button lang="es" token-url="/t" teams-user-id="nadie"></teams-call-button>`,
    );
    await settled(el, 'Call an expert');
    const errors: string[] = [];
    el.addEventListener('teams-call-error', (event) => errors.push(event.detail.message));
    await el.call();
    expect(errors[0]).to.contain('no es un teams-user-id válido');
  });
});
