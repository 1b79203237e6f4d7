import { Liquid } from 'liquidjs';
import mjml2html from 'mjml';

/** A tenant-editable e-mail: Liquid in every part, MJML for the HTML (responsive by construction). */
export interface EmailTemplate {
  subject: string;
  text: string;
  mjml: string;
}

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

export type EmailTemplateField = keyof EmailTemplate;

export interface TemplateProblem {
  field: EmailTemplateField;
  message: string;
}

/** Templates are small; these bound what a hostile one can cost (liquidjs' DoS limits). */
const LIMITS = { parseLimit: 100_000, renderLimit: 1_000, memoryLimit: 10_000_000 };

/**
 * Liquid, configured for templates written by tenants: it cannot run code, reads only the data it
 * is given (own properties, no prototypes), has no file system (`templates: {}` replaces it, so
 * `include`/`render` find nothing), and fails on unknown filters. The HTML part escapes every
 * output; MJML `mj-include` is ignored, so no file is read there either.
 */
export class EmailTemplateEngine {
  private readonly plain = new Liquid({ ...LIMITS, templates: {}, ownPropertyOnly: true, strictFilters: true });
  private readonly html = new Liquid({ ...LIMITS, templates: {}, ownPropertyOnly: true, strictFilters: true, outputEscape: 'escape' });

  /** Every problem of every part, each naming its field (empty: the template is usable). */
  async validate(template: EmailTemplate): Promise<TemplateProblem[]> {
    const problems: TemplateProblem[] = [];
    for (const field of ['subject', 'text', 'mjml'] as const) {
      const message = this.parseError(field === 'mjml' ? this.html : this.plain, template[field]);
      if (message !== null) problems.push({ field, message });
    }
    if (problems.length > 0) return problems;
    const markup = await this.html.parseAndRender(template.mjml, {});
    const mjmlErrors = await mjmlProblems(markup);
    return mjmlErrors.map((message) => ({ field: 'mjml', message }));
  }

  async render(template: EmailTemplate, data: Record<string, unknown>): Promise<RenderedEmail> {
    const [subject, text, markup] = await Promise.all([
      this.plain.parseAndRender(template.subject, data),
      this.plain.parseAndRender(template.text, data),
      this.html.parseAndRender(template.mjml, data),
    ]);
    const result = await mjml2html(markup, { validationLevel: 'soft', ignoreIncludes: true });
    return { subject: subject.replace(/[\r\n]+/g, ' ').trim(), text, html: result.html };
  }

  private parseError(engine: Liquid, source: string): string | null {
    try {
      engine.parse(source);
      return null;
    } catch (error) {
      return error instanceof Error ? error.message.split('\n')[0] : 'the template does not parse';
    }
  }
}

async function mjmlProblems(markup: string): Promise<string[]> {
  try {
    const result = await mjml2html(markup, { validationLevel: 'strict', ignoreIncludes: true });
    return result.errors.map((error) => error.formattedMessage);
  } catch (error) {
    // validationLevel 'strict' throws with the list of errors.
    const details = (error as { errors?: Array<{ formattedMessage: string }> }).errors;
    if (details && details.length > 0) return details.map((detail) => detail.formattedMessage);
    return [error instanceof Error ? error.message : 'the MJML is not valid'];
  }
}
