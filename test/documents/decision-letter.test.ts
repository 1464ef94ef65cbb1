// The decision letter over HTTP, against a real server on a SQLite file: the founding case
// sent as commands, the PDF fetched, its text extracted with pdftotext and one page drawn
// with pdftoppm (test-artifacts/decision-letter-RUN-573-2022.png, looked at by a person).
import fs from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { GRANT, GRANT_PATH, type TestServer } from '../http/support.js';
import { SEED_FIGURES, foundingCaseServer, getBytes } from './founding.js';
import { POPPLER, isPdf, pdfFonts, pdfText, renderPage } from './poppler.js';

const suite = POPPLER ? describe : describe.skip;

const getPdf = (route: string) => getBytes(server(), route);

let server: () => TestServer;

suite('GET /grants/:id/decision.pdf', () => {
  server = foundingCaseServer();

  it('given the founding case, when its letter is fetched, then it reads like the seed with the figures in Swedish format', async () => {
    // when
    const letter = await getPdf(`${GRANT_PATH}/decision.pdf`);
    // then
    expect(letter.status).toBe(200);
    expect(letter.type).toBe('application/pdf');
    expect(isPdf(letter.bytes)).toBe(true);
    const text = pdfText(letter.bytes);
    for (const figure of SEED_FIGURES) expect(text).toContain(figure);
    expect(text).toContain(
      'Region Jämtland Härjedalen beviljar medfinansiering av projektet ”Förstudie - Stärkta färdigheter för smart specialisering inom socialt och kooperativt företagande i Jämtland Härjedalen” med 60 % av redovisade och godkända kostnader, dock max 763 643 kronor.',
    );
    expect(text).toContain(
      'och gäller under förutsättning att övrig finansiering ordnas enligt ansökan.',
    );
    expect(text).toContain('(RUN/640/2017) gäller för projektet.');
    expect(text).toContain('Diarienummer RUN/573/2022');
    expect(text).toContain('Beslutsdatum 20 april 2023');
  });

  it('given the founding case, when its letter is read section by section, then it carries the seed’s description, motivation, reporting, basis, delegation and addressees in order', async () => {
    const text = pdfText((await getPdf(`${GRANT_PATH}/decision.pdf`)).bytes);
    const order = [
      'Ärendebeskrivning',
      'Coompanion - Kooperativ Utveckling Jämtlands län ek. för. har inkommit med en ansökan om 763 643 kronor',
      'Beslutsmotivering',
      'Projektet ligger helt i linje med den nationella strategin för hållbar regional utveckling där',
      'Uppföljning, utvärdering och rapportering',
      'Antal framtagna kunskapsunderlag, strategier och program: mål 1 rapport samt 3 delrapporter',
      'Slutrapportering ska ske senast 30 april 2024',
      'Beslutsunderlag Reviderad ansökan om stöd Reviderad budget',
      'Delegationsbestämmelse och delegation',
      'RUN/12/2023 § 30/2023',
      'Beslut 1. Region Jämtland Härjedalen beviljar',
      '2. Förskott betalas ut med 142 779 kronor.',
      '3. Medfinansiering tas från anslag 1:1 Regionala tillväxtåtgärder.',
      '4. Beslutet har fattats med stöd av Förordning (2003:596)',
      '5. Region Jämtland Härjedalens Allmänna villkor',
      'Jonas Andersson',
      'Anmälan Regionala utvecklingsnämnden',
      'Utdrag till Coompanion - Kooperativ Utveckling Jämtlands län ek. för.',
    ];
    const positions = order.map((part) => text.indexOf(part));
    expect(positions.filter((p) => p < 0)).toEqual([]);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
  });

  it('given the letter, when its fonts are listed, then every font is embedded with a Unicode map (å, ä, ö extractable)', async () => {
    const { bytes } = await getPdf(`${GRANT_PATH}/decision.pdf`);
    const fonts = pdfFonts(bytes);
    expect(fonts.length).toBeGreaterThan(0);
    expect(fonts.every((f) => f.embedded && f.unicode && /DejaVuSans/.test(f.name))).toBe(true);
  });

  it('given the letter, when its last page is drawn with pdftoppm, then a PNG is left in test-artifacts/', async () => {
    const { bytes } = await getPdf(`${GRANT_PATH}/decision.pdf`);
    const png = renderPage(bytes, 'decision-letter-RUN-573-2022', 2);
    const head = fs.readFileSync(png).subarray(0, 8);
    expect(head.toString('latin1')).toBe('\x89PNG\r\n\x1a\n');
    expect(fs.statSync(png).size).toBeGreaterThan(20_000);
  });

  it('given an amendment of the cap and the project end, when the letter is asked as amended and as decided, then each shows its figures', async () => {
    // given
    const amended = await server().send({
      type: 'AmendDecision',
      grantId: GRANT,
      decidedOn: '2023-09-15',
      decidedBy: 'Jonas Andersson',
      changes: { cap: '700000', projectEnd: '2024-06-30' },
    });
    expect(amended.status).toBe(200);
    // when
    const asAmended = pdfText((await getPdf(`${GRANT_PATH}/decision.pdf`)).bytes);
    const asDecided = pdfText((await getPdf(`${GRANT_PATH}/decision.pdf?version=decided`)).bytes);
    // then
    expect(asAmended).toContain('dock max 700 000 kronor.');
    expect(asAmended).toContain('I lydelse efter ändring 15 september 2023');
    expect(asAmended).toContain(
      'Ändringar av beslutet 15 september 2023 beslutade Jonas Andersson att ändra beslutet: tak 700 000 kronor; projektets slut 30 juni 2024.',
    );
    expect(asDecided).toContain('dock max 763 643 kronor.');
    expect(asDecided).not.toContain('700 000');
  });

  it('given no such grant, a grant without a decision, a bad version or no token, then the answer says so and nothing is written', async () => {
    const applied = await server().send({
      type: 'ApplyForCoFinancing',
      grantId: 'RUN/9/2024',
      applicant: { name: 'Föreningen Åre' },
      title: 'Förstudie',
      requestedAmount: '1000',
      projectPeriod: { start: '2024-01-01', end: '2024-12-31' },
      submittedOn: '2024-01-01',
    });
    expect(applied.status).toBe(200);
    const before = (await server().call('GET', '/events/latest?limit=1', { who: 'auditor' })).text;

    const unknown = await server().call('GET', '/grants/RUN%2F1%2F1999/decision.pdf', {
      who: 'viewer',
    });
    const undecided = await server().call('GET', '/grants/RUN%2F9%2F2024/decision.pdf', {
      who: 'viewer',
    });
    const badVersion = await server().call('GET', `${GRANT_PATH}/decision.pdf?version=draft`, {
      who: 'viewer',
    });
    const anonymous = await server().call('GET', `${GRANT_PATH}/decision.pdf`);

    expect([unknown.status, unknown.body.error.code]).toEqual([404, 'UNKNOWN_GRANT']);
    expect([undecided.status, undecided.body.error.code]).toEqual([422, 'INVALID_STATE']);
    expect(undecided.body.error.message).toBe('RUN/9/2024 has no decision yet: there is no letter');
    expect([badVersion.status, badVersion.body.error.code]).toEqual([400, 'INVALID_INPUT']);
    expect(badVersion.body.error.path).toBe('version');
    expect(anonymous.status).toBe(401);
    expect((await server().call('GET', '/events/latest?limit=1', { who: 'auditor' })).text).toBe(
      before,
    );
  });
});
