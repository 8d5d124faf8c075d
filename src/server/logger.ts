/** Where the server's warnings and errors go; `console` fits. No message holds a secret, a token or a visitor's address. */
export interface Logger {
  warn(message: string): void;
  error(message: string): void;
}

export const consoleLogger: Logger = {
  warn: (message) => console.warn(`teams-call-button server: ${message}`),
  error: (message) => console.error(`teams-call-button server: ${message}`),
};
