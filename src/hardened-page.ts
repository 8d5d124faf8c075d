/**
 * Runs before Lit loads (the first import of the registering entry). A page that froze `Symbol` (SES `lockdown()`)
 * before `Symbol.metadata` exists makes Lit throw as it loads, and the element never registers: say why, once.
 */
if (Object.isFrozen(Symbol) && !('metadata' in Symbol)) {
  console.error('<teams-call-button> cannot load: Symbol was frozen (SES lockdown()?) before Symbol.metadata existed.');
}
