// First: zod's settings before any schema is built (see the module).
import './lib/zod-jitless';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app';
import { createAppRouter } from './app/router';
import { loadI18n } from './i18n';
import { createQueryClient } from './lib/react-query';
import './styles/index.css';
import './styles/ui.css';
import './styles/customer.css';

const root = document.getElementById('root');
if (!root) throw new Error('The #root element is missing from index.html');

// The visitor's language's strings and the page's code download side by side, neither waiting
// for the other: the strings are asked for first, the router then starts loading the page's
// modules as it is created, and the first render waits for the strings only (so it is
// translated), not for a second round trip.
const translations = loadI18n();
const queryClient = createQueryClient();
const router = createAppRouter(queryClient);
void translations.then((i18n) => {
  createRoot(root).render(
    <StrictMode>
      <App i18n={i18n} queryClient={queryClient} router={router} />
    </StrictMode>,
  );
});
