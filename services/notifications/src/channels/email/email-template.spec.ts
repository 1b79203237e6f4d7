import { sampleAlert } from '../testing/sample-alert';
import { DEFAULT_ALERT_EMAIL_TEMPLATE, emailTemplateData } from './default-alert-template';
import { DEFAULT_DIGEST_EMAIL_TEMPLATE, digestTemplateData } from './default-digest-template';
import { EmailTemplateEngine, type EmailTemplate } from './email-template';

const engine = new EmailTemplateEngine();
const template = (overrides: Partial<EmailTemplate>): EmailTemplate => ({ ...DEFAULT_ALERT_EMAIL_TEMPLATE, ...overrides });

describe('EmailTemplateEngine', () => {
  it('accepts the default template', async () => {
    await expect(engine.validate(DEFAULT_ALERT_EMAIL_TEMPLATE)).resolves.toEqual([]);
  });

  it('accepts the default digest template and renders one line per alert, with its status', async () => {
    await expect(engine.validate(DEFAULT_DIGEST_EMAIL_TEMPLATE)).resolves.toEqual([]);
    const digest = { tenantId: 't1', windowEnd: new Date('2026-12-04T11:00:00Z'), alerts: [sampleAlert({ severity: 'warning', title: 'A <b>' }), sampleAlert({ severity: 'info', status: 'resolved', title: 'B' })] };
    const rendered = await engine.render(DEFAULT_DIGEST_EMAIL_TEMPLATE, digestTemplateData(digest));
    expect(rendered.subject).toBe('[Digest] 2 alerts until 2026-12-04T11:00:00.000Z');
    expect(rendered.text.trim().split('\n')).toEqual([expect.stringMatching(/^- \[Warning, open\] A <b> /), expect.stringMatching(/^- \[Info, resolved\] B /)]);
    expect(rendered.html).toContain('A &lt;b&gt;');
  });

  it('names the field of a template that does not parse', async () => {
    const problems = await engine.validate(template({ text: '{% if alert.title %}never closed' }));
    expect(problems).toEqual([{ field: 'text', message: expect.stringContaining('not closed') }]);
  });

  it('refuses an unknown filter instead of ignoring it', async () => {
    const problems = await engine.validate(template({ subject: '{{ alert.title | no_such_filter }}' }));
    expect(problems.map((problem) => problem.field)).toEqual(['subject']);
  });

  it('names the mjml field for markup MJML does not accept', async () => {
    const problems = await engine.validate(template({ mjml: '<mjml><mj-body><mj-section><mj-text>outside a column</mj-text></mj-section></mj-body></mjml>' }));
    expect(problems.length).toBeGreaterThan(0);
    expect(problems.every((problem) => problem.field === 'mjml')).toBe(true);
  });

  it('reads no file and reaches no prototype from a hostile template', async () => {
    const hostile = template({
      text: "[{% include '/etc/passwd' %}]",
      subject: '{{ alert.constructor.name }}{{ alert.__proto__ }}{{ alert.title.constructor }}',
    });
    await expect(engine.render(hostile, emailTemplateData(sampleAlert()))).rejects.toThrow();
    const rendered = await engine.render(template({ text: 'plain' , subject: hostile.subject }), emailTemplateData(sampleAlert()));
    expect(rendered.subject).toBe('');
  });

  it('stops a template that loops for too long', async () => {
    const endless = template({ text: '{% for a in (1..100000) %}{% for b in (1..100000) %}x{% endfor %}{% endfor %}' });
    await expect(engine.render(endless, {})).rejects.toThrow(/limit/i);
  });

  it('escapes data in the HTML and keeps it as written in the text', async () => {
    const rendered = await engine.render(DEFAULT_ALERT_EMAIL_TEMPLATE, emailTemplateData(sampleAlert({ summary: '<script>alert(1)</script>' })));
    expect(rendered.html).not.toContain('<script>');
    expect(rendered.html).toContain('&lt;script&gt;');
    expect(rendered.text).toContain('<script>alert(1)</script>');
  });
});
