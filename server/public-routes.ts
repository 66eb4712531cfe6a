import { answerHttpRequest } from './http-page.js';
import type { HttpRoutes } from './http-routes.js';
import { acceptsHtml, answerWebClientFile } from './http-web-client.js';
import type { WebClientFiles } from './web-client-files.js';

/**
 * What the public port serves over plain HTTP: only what players need, the
 * browser client's page and files. `/` is the page for a browser and a
 * plain text page for curl and other tools. The operators' pages
 * (`/stats`, `/metrics`, `/status`, `/healthz`, `/readyz`) are on the admin
 * port, never here.
 */
export function publicRoutes(gamesOpen: () => number, webClient: WebClientFiles): HttpRoutes {
  return {
    routes: {
      '/': (request, response) => {
        // Both answers depend on Accept, so a cache in between must keep them apart.
        if (acceptsHtml(request)) answerWebClientFile(request, response, webClient.get('/')!, { vary: 'accept' });
        else answerHttpRequest(request, response, gamesOpen());
      },
    },
    fallback: (path) => {
      const file = webClient.get(path);
      return file && ((request, response) => answerWebClientFile(request, response, file));
    },
    notFound: "no such page; the lobby serves / and the browser client's files here (operators: /stats, /metrics and /status are on its admin port)",
  };
}
