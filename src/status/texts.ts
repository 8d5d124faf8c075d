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
};
