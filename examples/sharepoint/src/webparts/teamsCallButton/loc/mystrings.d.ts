declare interface ITeamsCallButtonWebPartStrings {
  PropertyPaneDescription: string;
  WhoAnswersGroupName: string;
  PersonFieldLabel: string;
  PeopleSearchLabel: string;
  PeopleSearchHint: string;
  PeopleFound: string;
  NoPeopleFound: string;
  PeopleSearchFailed: string;
  PersonSelected: string;
  PersonIdFieldLabel: string;
  VoiceAppFieldLabel: string;
  VoiceAppFieldDescription: string;
  ObjectIdProblem: string;
  CalleeNameFieldLabel: string;
  ButtonGroupName: string;
  ButtonTextFieldLabel: string;
  DefaultButtonText: string;
  VideoFieldLabel: string;
  CaptionsFieldLabel: string;
  SurveyFieldLabel: string;
  TokenProviderGroupName: string;
  TokenUrlFieldLabel: string;
  TokenUrlProblem: string;
  TokenAppIdUriFieldLabel: string;
  TokenAppIdUriFieldDescription: string;
}

declare module 'TeamsCallButtonWebPartStrings' {
  const strings: ITeamsCallButtonWebPartStrings;
  export = strings;
}
