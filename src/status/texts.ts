/**
 * What a button says before the click about its expert: availability and opening hours. English; part of the table in
 * ../i18n/strings.ts, and loaded with the status code alone by a button that shows a status.
 */
export const statusStrings = {
  statusAvailable: 'Available',
  statusBusy: 'In a call',
  statusDoNotDisturb: 'Do not disturb',
  statusAway: 'Away',
  statusBeRightBack: 'Be right back',
  statusOffline: 'Offline',
  backToday: 'Back today at {time}',
  backTomorrow: 'Back tomorrow at {time}',
  /** `{day}` is a weekday ("Monday"), or a weekday and date more than a week ahead. */
  backOn: 'Back {day} at {time}',
  closedNow: 'Closed',
  heldBusy: "{name} can't take a call right now.",
  heldClosed: "{name} isn't available at this time.",
  callbackOffer: 'Request a callback',
  callbackTitle: 'Ask {name} to call you back',
  callbackName: 'Your name',
  callbackPhone: 'Phone',
  callbackEmail: 'E-mail',
  callbackTime: 'When suits you (optional)',
  callbackMessage: 'What it is about (optional)',
  callbackConsent: 'You may contact me about this request.',
  callbackSend: 'Send request',
  callbackCancel: 'Cancel',
  callbackSent: 'Thank you. {name} will get back to you.',
  callbackNeedName: 'Please enter your name.',
  callbackNeedContact: 'Please enter a phone number or an e-mail address we can reach you at.',
  callbackNeedConsent: 'Please agree to be contacted, so that we can call you back.',
  callbackFailed: "Your request couldn't be sent. Please try again.",
  callbackBusy: 'Too many requests right now. Please try again in {seconds} seconds.',
};
