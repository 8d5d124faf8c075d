/** The end table itself, row by row: Microsoft's code/subCode → the reason a host receives and the text a visitor reads. */
import { expect } from '@open-wc/testing';
import { describeEnd, isTransferEnd, type EndContext } from '../src/call/end-codes.js';

const before: EndContext = { hungUpHere: false, wasConnected: false, cloud: 'public' };
const after: EndContext = { ...before, wasConnected: true };

// code, subCode, context, reason, message key
const table: [number, number, EndContext, string, string][] = [
  [0, 0, after, 'remote-ended', 'remoteEnded'],
  [0, 5000, after, 'remote-ended', 'remoteEnded'],
  [0, 5300, after, 'remote-ended', 'remoteEnded'],
  [0, 7000, after, 'remote-ended', 'remoteEnded'],
  [0, 5003, before, 'declined', 'declined'],
  [0, 5003, after, 'remote-ended', 'remoteEnded'],
  [0, 4501, before, 'call-failed', 'callIncomplete'],
  [487, 4501, before, 'call-failed', 'callIncomplete'],
  [603, 0, before, 'declined', 'declined'],
  [487, 10024, before, 'declined', 'declined'],
  [487, 10004, before, 'no-answer', 'noAnswer'],
  [487, 0, before, 'hung-up', 'cancelled'],
  [487, 540487, before, 'hung-up', 'cancelled'],
  [486, 0, before, 'unavailable', 'calleeBusy'],
  [486, 10321, before, 'no-answer', 'noAnswer'],
  [408, 10056, before, 'network', 'setupTimedOut'],
  [408, 4506, before, 'network', 'setupTimedOut'],
  [408, 10057, before, 'unavailable', 'calleeUnreachable'],
  [480, 10037, before, 'unavailable', 'unavailable'],
  [480, 10076, before, 'unavailable', 'unavailable'],
  [480, 10077, before, 'unavailable', 'unavailable'],
  [480, 10078, before, 'unavailable', 'unavailable'],
  [480, 10199, before, 'not-allowed', 'notAllowed'],
  [480, 10134, before, 'not-allowed', 'notAllowed'],
  [403, 5222, before, 'not-allowed', 'notAllowed'],
  [403, 5223, before, 'not-allowed', 'notAllowed'],
  [400, 10124, before, 'not-allowed', 'notAllowed'],
  [404, 10119, before, 'invalid-target', 'invalidTarget'],
  [400, 10044, before, 'invalid-target', 'invalidTarget'],
  [401, 10009, after, 'session-expired', 'sessionExpired'],
  [495, 4507, after, 'session-expired', 'sessionExpired'],
  [496, 7, after, 'network', 'networkDropped'],
  [490, 4502, after, 'network', 'networkDropped'],
  [490, 4525, before, 'network', 'networkDropped'],
  [491, 0, after, 'network', 'networkDropped'],
  [497, 0, after, 'network', 'networkDropped'],
  [498, 0, after, 'network', 'networkDropped'],
  [430, 10315, after, 'network', 'networkDropped'],
  [430, 10317, after, 'network', 'networkDropped'],
  [410, 3100, before, 'network', 'mediaBlocked'],
  [410, 3112, before, 'network', 'mediaBlocked'],
  [410, 301004, before, 'network', 'mediaBlocked'],
  [410, 3112, after, 'network', 'networkDropped'],
  [410, 3101, after, 'network', 'networkDropped'],
  [410, 301005, after, 'network', 'networkDropped'],
  [429, 10110, after, 'time-limit', 'timeLimit'],
  [412, 41056, before, 'unknown', 'unknown'],
  [500, 4242, after, 'unknown', 'unknown'],
];

describe('the end table', () => {
  for (const [code, subCode, context, reason, message] of table) {
    const when = context.wasConnected ? 'after connect' : 'before connect';
    it(`${code}/${subCode} ${when} → ${reason} (${message})`, () => {
      expect(describeEnd({ code, subCode }, context)).to.deep.equal({ reason, message });
    });
  }

  it('reads a hang-up here as the visitor’s, whatever the code', () => {
    expect(describeEnd({ code: 0, subCode: 0 }, { ...after, hungUpHere: true })).to.deep.equal({
      reason: 'hung-up',
      message: 'ended',
    });
    expect(describeEnd({ code: 487, subCode: 0 }, { ...before, hungUpHere: true })).to.deep.equal({
      reason: 'hung-up',
      message: 'cancelled',
    });
  });

  it('tells a GCC-High or DoD caller that Teams interop is public-cloud only, for set-up failures', () => {
    for (const cloud of ['gcch', 'dod'] as const) {
      expect(describeEnd({ code: 403, subCode: 5223 }, { ...before, cloud })).to.deep.equal({
        reason: 'not-allowed',
        message: 'sovereignCloud',
      });
      expect(describeEnd({ code: 404, subCode: 10119 }, { ...before, cloud }).message).to.equal('sovereignCloud');
      expect(describeEnd({ code: 603, subCode: 0 }, { ...before, cloud }).message, 'a decline is a decline').to.equal(
        'declined',
      );
    }
  });

  it('knows 0/7015 as a completed transfer, never an end', () => {
    expect(isTransferEnd({ code: 0, subCode: 7015 })).to.be.true;
    expect(isTransferEnd({ code: 0, subCode: 0 })).to.be.false;
    expect(isTransferEnd({ code: 487, subCode: 7015 })).to.be.false;
  });
});
