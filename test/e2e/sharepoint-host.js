// A stand-in for the SharePoint page that hosts the web part, for test/e2e/sharepoint.test.mjs. SharePoint loads a
// web part's bundle (an AMD module) with its own loader and hands it SPFx's libraries; this page does the same with
// small fakes of the parts the web part uses (a web part base, property pane fields, AadHttpClient, Graph), and draws
// the property pane from the web part's own configuration. The web part's bundle, its strings and its chunks are the
// real build output, loaded from the folder the build wrote them to.
'use strict';

const PropertyPaneFieldType = { Custom: 1, TextField: 3, Toggle: 5 };
const DisplayMode = { Read: 1, Edit: 2 };

// The web part is compiled to ES5, as SPFx does: its class calls its base as a function, so the base is one too.
function BaseClientSideWebPart() {}
BaseClientSideWebPart.prototype = {
  get displayMode() {
    return this._displayMode;
  },
  async onInit() {},
  onThemeChanged() {},
  onDispose() {},
};

/** What the page saw of the web part's outside calls: Graph queries and token requests. */
const seen = { graph: [], tokenRequests: [] };

/** Graph's request builder, as MSGraphClientV3 has it, answering people searches from `people`. */
function graphClient(people) {
  return {
    api(path) {
      const request = { path, headers: {} };
      const builder = {
        header: (name, value) => ((request.headers[name] = value), builder),
        search: (value) => ((request.search = value), builder),
        select: (value) => ((request.select = value), builder),
        top: (value) => ((request.top = value), builder),
        get: async () => {
          seen.graph.push(request);
          const name = /^"displayName:(.*)"$/.exec(request.search)?.[1].toLowerCase() ?? '';
          return { value: people.filter((person) => person.displayName.toLowerCase().startsWith(name)) };
        },
      };
      return builder;
    },
  };
}

/**
 * AadHttpClient: SharePoint gets an Entra access token for `resource` and sends it with the request. Here the token is
 * one the test signed for that resource with its stand-in tenant's key.
 */
function aadHttpClientFactory(entraTokens) {
  return {
    getClient: async (resource) => ({
      post: (url, configuration, options) => {
        seen.tokenRequests.push({ resource, url, configuration, body: options.body });
        const headers = new Headers(options.headers);
        if (entraTokens[resource]) headers.set('Authorization', `Bearer ${entraTokens[resource]}`);
        return fetch(url, { ...options, method: 'POST', headers });
      },
    }),
  };
}

const libraries = {
  '@microsoft/sp-core-library': { Version: { parse: (text) => ({ text }) }, DisplayMode },
  '@microsoft/sp-webpart-base': { BaseClientSideWebPart },
  '@microsoft/sp-property-pane': {
    PropertyPaneFieldType,
    PropertyPaneTextField: (targetProperty, properties) => ({
      type: PropertyPaneFieldType.TextField,
      targetProperty,
      properties,
    }),
    PropertyPaneToggle: (targetProperty, properties) => ({
      type: PropertyPaneFieldType.Toggle,
      targetProperty,
      properties,
    }),
  },
  '@microsoft/sp-http': { AadHttpClient: { configurations: { v1: { name: 'v1' } } } },
};

/** The AMD `define` of SharePoint's loader: named modules (the bundle) and anonymous ones (the strings file). */
let anonymous;
const defined = new Map();
window.define = (id, dependencies, factory) => {
  if (typeof id !== 'string') [id, dependencies, factory] = [undefined, id, dependencies];
  if (id === undefined) anonymous = { dependencies, factory };
  else defined.set(id, { dependencies, factory });
};
window.define.amd = {};

function loadScript(src) {
  return new Promise((resolve, reject) => {
    const script = Object.assign(document.createElement('script'), { src });
    script.onload = resolve;
    script.onerror = () => reject(new Error(`could not load ${src}`));
    document.head.append(script);
  });
}

/** Loads the web part as SharePoint would, from its manifest in `base`, and returns its class. */
async function loadWebPart(base) {
  const manifest = await (await fetch(`${base}${document.querySelector('meta[name=manifest]').content}`)).json();
  const { entryModuleId, scriptResources } = manifest.loaderConfig;
  const modules = { ...libraries };
  for (const [name, resource] of Object.entries(scriptResources)) {
    if (resource.type !== 'path' || name === entryModuleId) continue;
    await loadScript(`${base}${resource.path}`);
    modules[name] = anonymous.factory();
  }
  await loadScript(`${base}${scriptResources[entryModuleId].path}`);
  const { dependencies, factory } = defined.get(`${manifest.id}_${manifest.version}`);
  const exports = factory(...dependencies.map((name) => modules[name]));
  return { WebPart: exports.default, strings: modules[Object.keys(modules).find((name) => name.endsWith('Strings'))] };
}

/** The property pane, drawn from the web part's configuration: text boxes, switches and its custom fields. */
function drawPropertyPane(webPart, pane) {
  pane.replaceChildren();
  for (const page of webPart.getPropertyPaneConfiguration().pages) {
    pane.append(Object.assign(document.createElement('p'), { textContent: page.header.description }));
    for (const group of page.groups) {
      const fieldset = document.createElement('fieldset');
      fieldset.append(Object.assign(document.createElement('legend'), { textContent: group.groupName }));
      for (const field of group.groupFields) fieldset.append(drawField(webPart, field));
      pane.append(fieldset);
    }
  }
}

function drawField(webPart, { type, targetProperty, properties }) {
  const row = Object.assign(document.createElement('div'), { className: 'field' });
  if (type === PropertyPaneFieldType.Custom) {
    // SharePoint's change callback: the new value goes to the properties, and the web part renders again.
    properties.onRender(row, undefined, (property, value) => {
      webPart.properties[property] = value;
      webPart.render();
    });
    return row;
  }
  const input = Object.assign(document.createElement('input'), { name: targetProperty });
  const label = Object.assign(document.createElement('label'), { textContent: properties.label });
  if (type === PropertyPaneFieldType.Toggle) {
    input.type = 'checkbox';
    input.checked = Boolean(webPart.properties[targetProperty]);
    label.prepend(input);
    row.append(label);
  } else {
    input.value = webPart.properties[targetProperty] ?? '';
    input.placeholder = properties.placeholder ?? '';
    label.append(input);
    const problem = Object.assign(document.createElement('p'), { className: 'problem' });
    const help = Object.assign(document.createElement('p'), {
      className: 'help',
      textContent: properties.description ?? '',
    });
    row.append(label, help, problem);
    input.addEventListener('input', () => (problem.textContent = properties.onGetErrorMessage?.(input.value) ?? ''));
  }
  // SharePoint's reactive property pane: each change goes to the properties and the web part renders again.
  input.addEventListener('change', () => {
    webPart.properties[targetProperty] = input.type === 'checkbox' ? input.checked : input.value;
    webPart.render();
  });
  return row;
}

/**
 * Puts the web part on the page, in a section with `theme` (SharePoint's semantic slots), as SharePoint would:
 * context, properties, init, theme, render; in edit mode with its property pane open beside it.
 */
window.sharePoint = {
  DisplayMode,
  seen,
  async place({ properties, displayMode, theme, people = [], entraTokens = {} }) {
    const { WebPart, strings } = await loadWebPart(new URL('./dist/', location.href).href);
    const webPart = new WebPart();
    const section = document.querySelector('#section');
    section.style.background = theme.semanticColors.bodyBackground;
    section.style.color = theme.semanticColors.bodyText;
    const pane = document.querySelector('#property-pane');
    Object.assign(webPart, {
      _displayMode: displayMode,
      properties: { ...properties },
      domElement: document.querySelector('#web-part'),
      context: {
        pageContext: { cultureInfo: { currentUICultureName: 'en-US' } },
        aadHttpClientFactory: aadHttpClientFactory(entraTokens),
        msGraphClientFactory: { getClient: async () => graphClient(people) },
        propertyPane: { refresh: () => drawPropertyPane(webPart, pane) },
      },
    });
    await webPart.onInit();
    webPart.onThemeChanged(theme);
    webPart.render();
    if (displayMode === DisplayMode.Edit) drawPropertyPane(webPart, pane);
    else pane.hidden = true;
    window.webPart = webPart;
    return { strings: { DefaultButtonText: strings.DefaultButtonText } };
  },
};
