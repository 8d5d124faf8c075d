/** A well-behaved element: members that take null as their default, labels from rendered content only, detached use. */
import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { setViewport } from '@web/test-runner-commands';
import '../src/define.js';
import type { TeamsCallButton } from '../src/teams-call-button.js';
import {
  answeredCall,
  callButton,
  EXPERT_ID,
  part,
  shadow,
  untilState,
  visibleText,
  waitFor,
} from './support/harness.js';

describe('members that frameworks empty', () => {
  for (const attribute of ['callee-name', 'display-name', 'cloud'] as const) {
    it(`removing ${attribute} brings back its default, and the next call works`, async () => {
      const setup = await callButton();
      setup.el.setAttribute('cloud', 'public');
      setup.el.removeAttribute(attribute);
      await setup.el.updateComplete;
      const call = await answeredCall(setup);
      expect(call.target.cloud).to.equal('public');
      expect(setup.el.state).to.equal('connected');
    });
  }

  for (const [attribute, message] of [
    ['token-url', /no token provider/],
    ['teams-user-id', /has no one to call/],
  ] as const) {
    it(`removing ${attribute} gives a clear configuration error, not an exception`, async () => {
      const el = await fixture<TeamsCallButton>(
        html`<teams-call-button token-url="/api/acs-token" teams-user-id=${EXPERT_ID}></teams-call-button>`,
      );
      el.removeAttribute(attribute);
      await el.updateComplete;
      const error = oneEvent(el, 'teams-call-error');
      part(el, 'button')!.click();
      const { detail } = await error;
      expect(detail.code).to.equal('invalid-config');
      expect(detail.message).to.match(message);
      await el.updateComplete;
      expect(visibleText(el, 'message')).to.match(message);
    });
  }

  it('takes null and undefined for every property as its default', async () => {
    const el = await fixture<TeamsCallButton>(html`<teams-call-button simulate></teams-call-button>`);
    const members = [
      'tokenUrl',
      'tokenRequestInit',
      'tokenProvider',
      'tokenTimeout',
      'teamsUserId',
      'teamsAppId',
      'cloud',
      'displayName',
      'calleeName',
      'statsInterval',
      'recordingConsent',
      'preload',
      'strings',
      'video',
      'ringback',
      'disabled',
    ];
    for (const empty of [null, undefined]) {
      for (const member of members) (el as unknown as Record<string, unknown>)[member] = empty;
      await el.updateComplete;
      expect(part(el, 'button')!.textContent!.trim(), 'the default label').to.equal('Call an expert');
      el.simulate = 'declined';
      const ended = oneEvent(el, 'teams-call-state-change');
      await el.call();
      expect((await ended).detail.state).to.equal('preparing');
      await el.hangUp();
      await untilState(el, 'ended');
      el.simulate = true;
    }
  });
});

describe('the label', () => {
  for (const [what, content] of [
    ['a <template>', html`<template><b>x</b></template>`],
    ['a <style>', html`<style>b { color: red }</style>`],
    ['a JSON <script>', html`<script type="application/json">{}</script>`],
    ['a hidden element', html`<span hidden>Secret</span>`],
  ] as const) {
    it(`is the default one beside ${what}`, async () => {
      const el = await fixture<TeamsCallButton>(
        html`<teams-call-button callee-name="Dr. Lee">${content}</teams-call-button>`,
      );
      await el.updateComplete;
      expect(part(el, 'button')!.textContent!.trim()).to.equal('Call Dr. Lee');
      await expect(el).to.be.accessible();
    });
  }

  it('comes back when the page empties its label text in place', async () => {
    const el = await fixture<TeamsCallButton>(
      html`<teams-call-button callee-name="Dr. Lee">Talk to us</teams-call-button>`,
    );
    (el.firstChild as Text).data = '';
    await waitFor(() => part(el, 'button')!.textContent!.trim() === 'Call Dr. Lee');
  });

  it('shows unavailable content the page adds after the call ended', async () => {
    const setup = await callButton();
    (await answeredCall(setup)).end(603, 0);
    await untilState(setup.el, 'ended');
    const other = Object.assign(document.createElement('a'), {
      slot: 'unavailable',
      href: '#form',
      textContent: 'Write to us',
    });
    setup.el.append(other);
    await waitFor(() => part(setup.el, 'unavailable') !== null);
    expect(
      shadow(setup.el).querySelector<HTMLSlotElement>('slot[name="unavailable"]')!.assignedElements(),
    ).to.deep.equal([other]);
  });
});

describe('detached use', () => {
  it('prepare() on an element never connected resolves, and the element calls once attached', async () => {
    const el = document.createElement('teams-call-button');
    el.simulate = true;
    await el.prepare();
    document.body.append(el);
    try {
      await el.updateComplete;
      expect(el.shadowRoot!.adoptedStyleSheets.length, 'the UI’s styles too').to.equal(2);
      const placed = oneEvent(el, 'teams-call-state-change');
      await el.call();
      expect((await placed).detail.state).to.equal('preparing');
      await el.hangUp();
    } finally {
      el.remove();
    }
  });
});

describe('focus stays where the visitor is', () => {
  const control = (el: TeamsCallButton, name: string) =>
    shadow(el).querySelector<HTMLElement>(`[data-control="${name}"]`)!;
  const focused = (el: TeamsCallButton) => shadow(el).activeElement as HTMLElement | null;

  it('returns to the call button after hanging up', async () => {
    const setup = await callButton();
    const call = await answeredCall(setup);
    // As the real SDK does, the end comes a moment after the hang-up: the panel shows "Ending the call…" meanwhile.
    call.hangUp = async () => void setTimeout(() => call.end(0, 0), 50);
    part(setup.el, 'hang-up-button')!.focus();
    part(setup.el, 'hang-up-button')!.click();
    await untilState(setup.el, 'ending');
    expect(focused(setup.el), 'still on Hang up while ending').to.equal(part(setup.el, 'hang-up-button'));
    await untilState(setup.el, 'ended');
    expect(focused(setup.el)).to.equal(part(setup.el, 'button'));
  });

  it('stays on the minimise toggle when the panel is minimised and restored', async () => {
    const setup = await callButton();
    await answeredCall(setup);
    control(setup.el, 'minimize').focus();
    control(setup.el, 'minimize').click();
    await setup.el.updateComplete;
    expect(focused(setup.el)?.getAttribute('aria-label'), 'on Restore, not on Hang up').to.equal('Show call panel');
    control(setup.el, 'minimize').click();
    await setup.el.updateComplete;
    expect(focused(setup.el)?.getAttribute('aria-label')).to.equal('Minimize call panel');
  });

  it('closes the devices group with Escape and returns to its toggle; the group follows its toggle in Tab order', async () => {
    const setup = await callButton();
    await answeredCall(setup);
    control(setup.el, 'devices').click();
    await setup.el.updateComplete;
    const group = part(setup.el, 'devices')!;
    const toggle = control(setup.el, 'devices');
    expect(toggle.compareDocumentPosition(group) & Node.DOCUMENT_POSITION_FOLLOWING, 'after its toggle').to.not.equal(
      0,
    );
    group.querySelector('select')!.focus();
    group
      .querySelector('select')!
      .dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, composed: true }));
    await setup.el.updateComplete;
    expect(part(setup.el, 'devices')).to.be.null;
    expect(focused(setup.el)).to.equal(toggle);
  });

  it('closes the dial pad with Escape and returns to its toggle', async () => {
    const setup = await callButton();
    setup.el.teamsUserId = '';
    setup.el.teamsAppId = EXPERT_ID;
    await answeredCall(setup);
    control(setup.el, 'keypad').click();
    await setup.el.updateComplete;
    const key = part(setup.el, 'keypad')!.querySelector<HTMLElement>('button')!;
    key.focus();
    key.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, composed: true }));
    await setup.el.updateComplete;
    expect(part(setup.el, 'keypad')).to.be.null;
    expect(focused(setup.el)).to.equal(control(setup.el, 'keypad'));
  });
});

describe('information hiding', () => {
  it('keeps its call controller and internals out of reach: the documented API is the surface', async () => {
    const setup = await callButton();
    await answeredCall(setup);
    const el = setup.el as unknown as Record<string, unknown>;
    for (const name of [
      'calls',
      'controller',
      'session',
      'internals',
      'ui',
      'locale',
      'overrides',
      'loadSession',
      'loadUi',
    ]) {
      expect(el[name], name).to.equal(undefined);
    }
    // Own properties, and the collections in them (Lit keeps its controllers in one).
    const reachable = Object.getOwnPropertyNames(setup.el)
      .map((name) => el[name])
      .flatMap((value) =>
        value instanceof Set || value instanceof Map || Array.isArray(value) ? [...value.values()] : [value],
      );
    const controllerLike = reachable.filter(
      (value) => value && typeof value === 'object' && 'announcement' in (value as object),
    );
    expect(controllerLike, 'no own property holds the call controller').to.deep.equal([]);
    await setup.el.hangUp();
  });
});

describe('late changes around the element', () => {
  it('follows a lang its ancestor gets after the element connected', async () => {
    const wrapper = await fixture<HTMLElement>(
      html`<section><teams-call-button simulate callee-name="Dr. Lee"></teams-call-button></section>`,
    );
    const el = wrapper.querySelector<TeamsCallButton>('teams-call-button')!;
    expect(part(el, 'button')!.textContent!.trim()).to.equal('Call Dr. Lee');
    wrapper.setAttribute('lang', 'de');
    await waitFor(() => part(el, 'button')!.textContent!.trim() === 'Dr. Lee anrufen', 'German from the ancestor');
  });

  it('keeps the panel within a 320 px viewport at 200 % text', async () => {
    await setViewport({ width: 320, height: 800 });
    document.documentElement.style.fontSize = '200%';
    try {
      const setup = await callButton();
      setup.el.teamsUserId = '';
      setup.el.teamsAppId = EXPERT_ID;
      const call = await answeredCall(setup);
      call.setRecording(true);
      await setup.el.updateComplete;
      for (const control of ['devices', 'keypad']) {
        shadow(setup.el).querySelector<HTMLElement>(`[data-control="${control}"]`)!.click();
        await setup.el.updateComplete;
        const overflowing = [...shadow(setup.el).querySelectorAll<HTMLElement>('*')]
          .filter((node) => node.getBoundingClientRect().right > 320.5)
          .map(
            (node) =>
              `${node.getAttribute('part') ?? node.className ?? node.tagName}: ${Math.round(node.getBoundingClientRect().right)}`,
          );
        expect(overflowing, `nothing past the viewport with the ${control} open`).to.deep.equal([]);
        shadow(setup.el).querySelector<HTMLElement>(`[data-control="${control}"]`)!.click();
        await setup.el.updateComplete;
      }
      await setup.el.hangUp();
    } finally {
      document.documentElement.style.fontSize = '';
      await setViewport({ width: 800, height: 600 });
    }
  });
});
