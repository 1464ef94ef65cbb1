// Every worklist the server can send has a title in the desk, in both languages: a list
// without one broke the whole start page.
import { describe, expect, it } from '@jest/globals';
import { WORKLIST_IDS } from '../../projections/worklists.js';
import { setLanguage, t, type WordKey } from '../../infra/web/src/i18n.js';

describe('worklist titles', () => {
  it.each(WORKLIST_IDS)('given the list %s, then it has a Swedish and an English title', (id) => {
    for (const lang of ['sv', 'en'] as const) {
      setLanguage(lang);
      const title = t(`wl_${id}` as WordKey);
      expect(title.length).toBeGreaterThan(3);
    }
  });
});
