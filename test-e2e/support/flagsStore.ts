// The flags' kept variants (flags.persistence), read in the page as the libraries read them:
// mixpanel-browser 2.84's IndexedDB database, store and key, opened at the same version.
import type { Page } from '@playwright/test';

/** The stored record of `token`: the record, null when there is none, or what went wrong. */
export const storedRecord = (page: Page, token: string) =>
  page.evaluate(
    (token) =>
      new Promise<any>((resolve) => {
        const open = indexedDB.open('mixpanelFlagsDb', 1);
        open.onupgradeneeded = () => open.result.createObjectStore('mixpanelFlags');
        open.onerror = () => resolve('no database');
        open.onsuccess = () => {
          const db = open.result;
          const req = db.transaction('mixpanelFlags', 'readonly').objectStore('mixpanelFlags').get('persisted_variants_for_' + token);
          req.onsuccess = () => (db.close(), resolve(req.result ?? null));
          req.onerror = () => (db.close(), resolve('read failed'));
        };
      }),
    token,
  );
