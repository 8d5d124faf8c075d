/**
 * The call's code, loaded with `import()` on intent or click: the controller, attribute checks, token requests,
 * the page's shared SDK session. The page's first load holds only the button.
 */
export { CallController, controllerOf } from './controller.js';
export { loaderFor, readCallRequest } from './config.js';
