// Handlers for templates, export and per-unit forms (shared/api/template-api.ts).
import type { templateApi, TemplateDto } from '#shared/api/template-api.js';
import { AppError } from '#shared/errors.js';
import type { TemplateRecord } from '../db/templates-repo.js';
import { readTemplateFile, XLS_TEMPLATE_WARNING } from '../export/template-analysis.js';
import { applyMapping, exportForms, exportLedger } from '../export/ledger-export.js';
import type { Store } from '../store.js';
import { notFound, now, raise, type HandlersFor } from './handler-types.js';
import { sanitiseName } from '#shared/text-normalise.js';

function toDto(r: TemplateRecord): TemplateDto {
  return {
    id: r.id,
    name: r.name,
    kind: r.kind,
    fileName: r.fileName,
    size: r.size,
    layout: r.layout,
    columns: r.columns,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
  };
}

/** 报送模板-学校.xlsx → 报送模板-学校, then 报送模板-学校 (2) … while the name is taken. */
function uniqueName(store: Store, wanted: string): string {
  // A file name may hold line breaks and control characters; a template name never does.
  const base = sanitiseName(wanted).slice(0, 90) || '模板';
  let name = base;
  for (let i = 2; store.templates.findByName(name); i++) name = `${base} (${i})`;
  return name;
}

export function templateHandlers(store: Store): HandlersFor<keyof typeof templateApi> {
  const requireTemplate = (id: number) => store.templates.get(id) ?? raise(notFound('模板'));

  return {
    'templates.list': () => store.templates.list().map(toDto),

    'templates.add': async ({ bytes, fileName, name: given, kind }) => {
      const name = given === undefined ? undefined : sanitiseName(given) || undefined;
      if (name && store.templates.findByName(name)) {
        throw new AppError('conflict', `已有名为“${name}”的模板，请换一个名称，或先删除原模板。`);
      }
      const file = await readTemplateFile(bytes, fileName.replace(/^.*[\\/]/, ''));
      const analysis = file.analysis;
      const base = file.fileName.replace(/\.xlsx?$/i, '');
      const record = store.templates.insert(
        {
          name: name ?? uniqueName(store, base),
          kind: kind ?? analysis.suggestedKind,
          fileName: sanitiseName(file.fileName),
          bytes: file.bytes,
          sheetName: analysis.layout.sheet,
          layout: analysis.layout,
          columns: analysis.columns,
        },
        now(),
      );
      return file.convertedFromXls ? { ...toDto(record), warnings: [XLS_TEMPLATE_WARNING] } : toDto(record);
    },

    'templates.updateMapping': ({ templateId, columns, name: given, kind }) => {
      const current = requireTemplate(templateId);
      const name = given === undefined ? undefined : sanitiseName(given) || undefined;
      if (name && name !== current.name && store.templates.findByName(name)) {
        throw new AppError('conflict', `已有名为“${name}”的模板，请换一个名称。`);
      }
      const mapped = applyMapping(current.columns, columns);
      const updated = store.templates.update(templateId, name ?? current.name, kind ?? current.kind, mapped, now());
      return toDto(updated ?? raise(notFound('模板')));
    },

    'templates.delete': ({ templateId }) => {
      requireTemplate(templateId);
      return { deleted: store.templates.delete(templateId) };
    },

    'templates.file': ({ templateId }) => {
      const record = requireTemplate(templateId);
      return { fileName: record.fileName, bytes: store.templates.bytes(templateId) ?? raise(notFound('模板')) };
    },

    'export.ledger': (input) => exportLedger(store, input),

    'export.forms': (input) => exportForms(store, input),
  };
}
