import { WebApp } from './app.js';
import { lobbyUrlOfPage } from './browser-connection.js';
import { findPageElements } from './page-elements.js';
import { SeatMemory } from './seat-memory.js';

/** The page's entry module: the lobby that served the page is the lobby it plays on. */
const app = new WebApp(lobbyUrlOfPage(window.location), findPageElements(document), new SeatMemory(sessionStorageOrNull()));

document.addEventListener('keydown', (event) => {
  const target = event.target;
  const typing = target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement;
  if (app.pressKey(event, typing)) event.preventDefault();
});

app.start();

/** Reading `sessionStorage` throws where storage is off; the page then plays on without it. */
function sessionStorageOrNull(): Storage | null {
  try {
    return window.sessionStorage;
  } catch {
    return null;
  }
}
