import type { MSGraphClientV3 } from '@microsoft/sp-http';
import {
  type IPropertyPaneCustomFieldProps,
  type IPropertyPaneField,
  PropertyPaneFieldType,
} from '@microsoft/sp-property-pane';

export interface Person {
  /** The Entra object ID: what `teams-user-id` needs. */
  id: string;
  displayName: string;
  mail?: string;
}

/** The field's texts, from the web part's localized strings (loc/mystrings.d.ts). */
export type PeoplePickerStrings = Pick<
  ITeamsCallButtonWebPartStrings,
  'PeopleSearchLabel' | 'PeopleSearchHint' | 'PeopleFound' | 'NoPeopleFound' | 'PeopleSearchFailed' | 'PersonSelected'
>;

export interface PeoplePickerOptions {
  label: string;
  /** The name of the person chosen now, if any. */
  selected?: string;
  /** Microsoft Graph, with the solution's `User.ReadBasic.All`. */
  graph: () => Promise<MSGraphClientV3>;
  strings: PeoplePickerStrings;
  /** After SharePoint has the person's object ID (the field's own property): for the properties that go with it. */
  onPicked: (person: Person) => void;
}

const MIN_QUERY = 2;
const TYPING_PAUSE_MS = 300;
const RESULTS = 8;

/**
 * A property pane field that finds a person in the directory by name and hands back their Entra object ID. Plain DOM:
 * a search box, and the people found as buttons, with a live region that says how many were found.
 */
export function peoplePicker(
  targetProperty: string,
  options: PeoplePickerOptions,
): IPropertyPaneField<IPropertyPaneCustomFieldProps> {
  let pause: ReturnType<typeof setTimeout> | undefined;
  return {
    type: PropertyPaneFieldType.Custom,
    targetProperty,
    properties: {
      key: `${targetProperty}-people-picker`,
      onRender: (host, _context, changeCallback) => {
        clearTimeout(pause);
        // Through SharePoint's callback, so that the page knows the web part changed (and saves it).
        const pick = (person: Person): void => {
          changeCallback?.(targetProperty, person.id);
          options.onPicked(person);
        };
        host.replaceChildren(
          pickerView(options, pick, (run) => {
            clearTimeout(pause);
            pause = setTimeout(run, TYPING_PAUSE_MS);
          }),
        );
      },
      onDispose: (host) => {
        clearTimeout(pause);
        host.replaceChildren();
      },
    },
  };
}

function pickerView(
  options: PeoplePickerOptions,
  pick: (person: Person) => void,
  afterTyping: (run: () => void) => void,
): HTMLElement {
  const { strings } = options;
  const view = document.createElement('div');
  const id = `people-picker-${Math.random().toString(36).slice(2)}`;
  const label = Object.assign(document.createElement('label'), { htmlFor: id, textContent: options.label });
  const input = Object.assign(document.createElement('input'), { id, type: 'search', autocomplete: 'off' });
  input.setAttribute('aria-describedby', `${id}-status`);
  const status = Object.assign(document.createElement('p'), { id: `${id}-status` });
  status.setAttribute('role', 'status');
  status.textContent = options.selected ? format(strings.PersonSelected, options.selected) : strings.PeopleSearchHint;
  const list = document.createElement('ul');
  list.setAttribute('aria-label', strings.PeopleSearchLabel);
  for (const element of [label, input]) element.style.display = 'block';
  input.style.width = '100%';
  input.style.boxSizing = 'border-box';
  list.style.listStyle = 'none';
  list.style.padding = '0';
  view.append(label, input, status, list);

  let latest = 0;
  input.addEventListener('input', () => {
    const query = input.value.replace(/["\\]/g, '').trim();
    list.replaceChildren();
    if (query.length < MIN_QUERY) {
      status.textContent = strings.PeopleSearchHint;
      return;
    }
    afterTyping(async () => {
      const asked = ++latest;
      let people: Person[];
      try {
        people = await search(await options.graph(), query);
      } catch {
        if (asked === latest) status.textContent = strings.PeopleSearchFailed;
        return;
      }
      if (asked !== latest) return; // a later query is on its way
      list.replaceChildren(...people.map((person) => personItem(person, pick)));
      status.textContent = people.length ? format(strings.PeopleFound, String(people.length)) : strings.NoPeopleFound;
    });
  });
  return view;
}

function personItem(person: Person, pick: (person: Person) => void): HTMLLIElement {
  const item = document.createElement('li');
  const button = Object.assign(document.createElement('button'), { type: 'button' });
  button.textContent = person.mail ? `${person.displayName} (${person.mail})` : person.displayName;
  button.style.width = '100%';
  button.style.textAlign = 'start';
  button.addEventListener('click', () => pick(person));
  item.append(button);
  return item;
}

/** People whose name starts with `query` (Graph's `$search`, which needs the eventual consistency header). */
async function search(graph: MSGraphClientV3, query: string): Promise<Person[]> {
  const answer = (await graph
    .api('/users')
    .header('ConsistencyLevel', 'eventual')
    .search(`"displayName:${query}"`)
    .select('id,displayName,mail')
    .top(RESULTS)
    .get()) as { value?: Person[] };
  return answer.value ?? [];
}

function format(text: string, value: string): string {
  return text.replace('{0}', value);
}
