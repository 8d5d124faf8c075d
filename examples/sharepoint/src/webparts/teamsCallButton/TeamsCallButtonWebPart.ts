import { DisplayMode, Version } from '@microsoft/sp-core-library';
import type { IReadonlyTheme } from '@microsoft/sp-component-base';
import {
  type IPropertyPaneConfiguration,
  PropertyPaneTextField,
  PropertyPaneToggle,
} from '@microsoft/sp-property-pane';
import { BaseClientSideWebPart } from '@microsoft/sp-webpart-base';
import { TeamsCallButton } from 'teams-call-button';
import * as strings from 'TeamsCallButtonWebPartStrings';

import { peoplePicker } from './peoplePicker';
import { elementTheme } from './theme';
import { entraTokenProvider } from './tokenProvider';

export interface ITeamsCallButtonWebPartProps {
  /** The Entra object ID of the Teams user who answers (chosen with the people picker). */
  teamsUserId?: string;
  /** Instead of a person: a Teams voice app's (call queue, auto attendant) resource account object ID. */
  teamsAppId?: string;
  calleeName?: string;
  buttonText?: string;
  video?: boolean;
  captions?: boolean;
  survey?: boolean;
  /** The token provider's endpoint, protected by Entra ID (`entraVerifier`). */
  tokenUrl?: string;
  /** The provider's Application ID URI, for AadHttpClient: `api://teams-call-tokens`. */
  tokenAppIdUri?: string;
}

const TAG = 'teams-call-button';
const OBJECT_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export default class TeamsCallButtonWebPart extends BaseClientSideWebPart<ITeamsCallButtonWebPartProps> {
  /** Kept across renders: the property pane re-renders on each change, and a call under way must survive it. */
  private _button?: TeamsCallButton;
  /**
   * Kept while its two settings stay the same: the element keeps its token and call agent per provider, so a new
   * function at each render would throw them away.
   */
  private _tokenSource?: { url: string; appIdUri: string; provider: TeamsCallButton['tokenProvider'] };

  protected async onInit(): Promise<void> {
    TeamsCallButton.define(TAG);
    await super.onInit();
  }

  public render(): void {
    const button = this._element;
    const { teamsUserId, teamsAppId, calleeName, buttonText, video, captions, survey } = this.properties;
    const person = teamsAppId ? undefined : teamsUserId;
    setAttribute(button, 'teams-user-id', person);
    setAttribute(button, 'teams-app-id', teamsAppId || undefined);
    setAttribute(button, 'callee-name', calleeName);
    setAttribute(button, 'lang', this.context.pageContext.cultureInfo.currentUICultureName);
    button.toggleAttribute('video', Boolean(video));
    button.toggleAttribute('captions', Boolean(captions));
    button.toggleAttribute('survey', Boolean(survey));
    const label = buttonText || strings.DefaultButtonText;
    if (button.textContent !== label) button.textContent = label;
    button.tokenProvider = this._tokenProvider();
    // While the page is being edited, trying the button must not ring the expert: the call is simulated (and says so).
    setAttribute(button, 'simulate', this.displayMode === DisplayMode.Edit ? 'answer' : undefined);
    if (!this.domElement.contains(button)) this.domElement.replaceChildren(button);
  }

  /** The section's theme (light, or a dark "strong" section): the element takes its colours from it. */
  protected onThemeChanged(theme: IReadonlyTheme | undefined): void {
    const button = this._element;
    const { properties, colorScheme } = elementTheme(theme);
    for (const name of Object.keys(properties)) {
      const value = properties[name];
      if (value) button.style.setProperty(name, value);
      else button.style.removeProperty(name);
    }
    button.setAttribute('theme', colorScheme);
  }

  protected onDispose(): void {
    // Removing the element ends a call under way and releases what it holds.
    this._button?.remove();
    this._button = undefined;
  }

  protected get dataVersion(): Version {
    return Version.parse('1.0');
  }

  protected getPropertyPaneConfiguration(): IPropertyPaneConfiguration {
    return {
      pages: [
        {
          header: { description: strings.PropertyPaneDescription },
          groups: [
            {
              groupName: strings.WhoAnswersGroupName,
              groupFields: [
                peoplePicker('teamsUserId', {
                  label: strings.PersonFieldLabel,
                  selected: this.properties.calleeName,
                  graph: () => this.context.msGraphClientFactory.getClient('3'),
                  strings,
                  onPicked: (person) => {
                    this.properties.teamsAppId = '';
                    this.properties.calleeName = person.displayName;
                    this.context.propertyPane.refresh();
                    this.render();
                  },
                }),
                PropertyPaneTextField('teamsUserId', {
                  label: strings.PersonIdFieldLabel,
                  onGetErrorMessage: objectIdProblem,
                }),
                PropertyPaneTextField('teamsAppId', {
                  label: strings.VoiceAppFieldLabel,
                  description: strings.VoiceAppFieldDescription,
                  onGetErrorMessage: objectIdProblem,
                }),
                PropertyPaneTextField('calleeName', { label: strings.CalleeNameFieldLabel }),
              ],
            },
            {
              groupName: strings.ButtonGroupName,
              groupFields: [
                PropertyPaneTextField('buttonText', {
                  label: strings.ButtonTextFieldLabel,
                  placeholder: strings.DefaultButtonText,
                }),
                PropertyPaneToggle('video', { label: strings.VideoFieldLabel }),
                PropertyPaneToggle('captions', { label: strings.CaptionsFieldLabel }),
                PropertyPaneToggle('survey', { label: strings.SurveyFieldLabel }),
              ],
            },
            {
              groupName: strings.TokenProviderGroupName,
              groupFields: [
                PropertyPaneTextField('tokenUrl', {
                  label: strings.TokenUrlFieldLabel,
                  placeholder: 'https://tokens.contoso.com/api/acs-token',
                  onGetErrorMessage: (value) => (!value || /^https:\/\//.test(value) ? '' : strings.TokenUrlProblem),
                }),
                PropertyPaneTextField('tokenAppIdUri', {
                  label: strings.TokenAppIdUriFieldLabel,
                  placeholder: 'api://teams-call-tokens',
                  description: strings.TokenAppIdUriFieldDescription,
                }),
              ],
            },
          ],
        },
      ],
    };
  }

  /** The web part's one element, made the first time the theme or a render needs it. */
  private get _element(): TeamsCallButton {
    this._button ??= document.createElement(TAG) as TeamsCallButton;
    return this._button;
  }

  /** Undefined until both settings are there: the element then says that it has no token provider. */
  private _tokenProvider(): TeamsCallButton['tokenProvider'] {
    const { tokenUrl, tokenAppIdUri } = this.properties;
    if (!tokenUrl || !tokenAppIdUri) return undefined;
    const kept = this._tokenSource;
    if (kept?.url === tokenUrl && kept.appIdUri === tokenAppIdUri) return kept.provider;
    const provider = entraTokenProvider(this.context.aadHttpClientFactory, tokenAppIdUri, tokenUrl);
    this._tokenSource = { url: tokenUrl, appIdUri: tokenAppIdUri, provider };
    return provider;
  }
}

function setAttribute(element: Element, name: string, value: string | undefined): void {
  if (value) element.setAttribute(name, value);
  else element.removeAttribute(name);
}

function objectIdProblem(value: string): string {
  return !value || OBJECT_ID.test(value.trim()) ? '' : strings.ObjectIdProblem;
}
