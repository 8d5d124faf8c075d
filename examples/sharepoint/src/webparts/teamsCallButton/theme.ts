import type { IReadonlyTheme } from '@microsoft/sp-component-base';

export interface ElementTheme {
  /** The element's custom properties, from the section's theme slots; none where the theme lacks the slot. */
  properties: Record<string, string | undefined>;
  /** For the element's `theme` attribute: its own colours (focus ring, notices) follow the section. */
  colorScheme: 'light' | 'dark';
}

/**
 * Maps the SharePoint section's theme to `<teams-call-button>`'s custom properties, so that the button and its call
 * panel look like the page's own controls in light sections and in dark ("strong") ones. Slots the theme lacks keep
 * the element's defaults, also after a theme that had them.
 */
export function elementTheme(theme: IReadonlyTheme | undefined): ElementTheme {
  const colors = theme?.semanticColors ?? {};
  const properties: Record<string, string | undefined> = {
    '--teams-call-accent': colors.primaryButtonBackground,
    '--teams-call-on-accent': colors.primaryButtonText,
    '--teams-call-surface': colors.bodyBackground,
    '--teams-call-text': colors.bodyText,
    '--teams-call-muted-text': colors.bodySubtext,
    '--teams-call-border': colors.inputBorder,
    '--teams-call-focus': colors.focusBorder,
    '--teams-call-notice': colors.warningBackground,
    '--teams-call-on-notice': colors.warningText,
    '--teams-call-font': theme?.fonts?.medium?.fontFamily,
  };
  return { properties, colorScheme: theme?.isInverted ? 'dark' : 'light' };
}
