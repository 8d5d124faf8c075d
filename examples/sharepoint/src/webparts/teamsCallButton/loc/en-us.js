define([], function () {
  return {
    PropertyPaneDescription: 'A button that calls a person or a team in Microsoft Teams from this page.',
    WhoAnswersGroupName: 'Who answers',
    PersonFieldLabel: 'Find a person',
    PeopleSearchLabel: 'People found',
    PeopleSearchHint: 'Type two or more letters of a name.',
    PeopleFound: '{0} found: choose one.',
    NoPeopleFound: 'No one in the directory has that name.',
    PeopleSearchFailed: "Couldn't search the directory: check that an admin approved the solution's User.ReadBasic.All permission.",
    PersonSelected: 'Calls {0}.',
    PersonIdFieldLabel: "The person's Entra object ID",
    VoiceAppFieldLabel: "Or a Teams voice app's object ID",
    VoiceAppFieldDescription: 'A call queue or auto attendant (its resource account). When set, it answers instead of the person.',
    ObjectIdProblem: 'An object ID looks like 6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b.',
    CalleeNameFieldLabel: 'Name shown to the visitor',
    ButtonGroupName: 'The button',
    ButtonTextFieldLabel: 'Button text',
    DefaultButtonText: 'Call an expert',
    VideoFieldLabel: 'Offer video',
    CaptionsFieldLabel: 'Offer live captions',
    SurveyFieldLabel: 'Ask for a rating after the call',
    TokenProviderGroupName: 'Token provider',
    TokenUrlFieldLabel: "The token provider's URL",
    TokenUrlProblem: 'Use an https:// address.',
    TokenAppIdUriFieldLabel: "The token provider's Application ID URI",
    TokenAppIdUriFieldDescription: 'The app registration that protects the token provider; SharePoint signs the request for it.'
  };
});
