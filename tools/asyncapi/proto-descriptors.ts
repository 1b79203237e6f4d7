/**
 * Protobuf descriptors straight from proto/ (via `buf build`), with the source code info the
 * generated TypeScript leaves out: the comments become the descriptions of the generated docs.
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { createFileRegistry, fromBinary, type DescEnum, type DescEnumValue, type DescField, type DescMessage, type FileRegistry } from '@bufbuild/protobuf';
import { FileDescriptorSetSchema } from '@bufbuild/protobuf/wkt';

export const REPO_ROOT = path.resolve(__dirname, '../..');
const BUF = path.join(REPO_ROOT, 'node_modules/.bin/buf');

/**
 * Builds the proto files with `buf build` into a registry whose descriptors carry source info.
 * Without `input`, the workspace of `cwd` (buf.yaml, i.e. proto/); otherwise that directory.
 */
export function loadProtoRegistry(options: { cwd?: string; input?: string } = {}): FileRegistry {
  const args = ['build', ...(options.input ? [options.input] : []), '--as-file-descriptor-set', '-o', '-#format=binpb'];
  const bytes = execFileSync(BUF, args, { cwd: options.cwd ?? REPO_ROOT, maxBuffer: 256 * 1024 * 1024, stdio: ['ignore', 'pipe', 'pipe'] });
  return createFileRegistry(fromBinary(FileDescriptorSetSchema, bytes));
}

// Field numbers in descriptor.proto, which source code info paths are made of.
const FILE_MESSAGE_TYPE = 4;
const FILE_ENUM_TYPE = 5;
const MESSAGE_FIELD = 2;
const MESSAGE_NESTED_TYPE = 3;
const MESSAGE_ENUM_TYPE = 4;
const ENUM_VALUE = 2;

type Commented = DescMessage | DescEnum | DescField | DescEnumValue;

function sourcePath(desc: Commented): number[] {
  switch (desc.kind) {
    case 'message':
      return desc.parent
        ? [...sourcePath(desc.parent), MESSAGE_NESTED_TYPE, desc.parent.proto.nestedType.indexOf(desc.proto)]
        : [FILE_MESSAGE_TYPE, desc.file.proto.messageType.indexOf(desc.proto)];
    case 'enum':
      return desc.parent
        ? [...sourcePath(desc.parent), MESSAGE_ENUM_TYPE, desc.parent.proto.enumType.indexOf(desc.proto)]
        : [FILE_ENUM_TYPE, desc.file.proto.enumType.indexOf(desc.proto)];
    case 'field':
      return [...sourcePath(desc.parent), MESSAGE_FIELD, desc.parent.proto.field.indexOf(desc.proto)];
    case 'enum_value':
      return [...sourcePath(desc.parent), ENUM_VALUE, desc.parent.proto.value.indexOf(desc.proto)];
  }
}

function fileOf(desc: Commented) {
  switch (desc.kind) {
    case 'message':
    case 'enum':
      return desc.file;
    case 'field':
    case 'enum_value':
      return desc.parent.file;
  }
}

/** `// ` comments arrive as lines with one leading space each; keep the lines, drop that space. */
export function normalizeComment(raw: string): string {
  return raw
    .split('\n')
    .map((line) => line.replace(/^ /, '').trimEnd())
    .join('\n')
    .trim();
}

/**
 * The comment written above the element in its proto file (or after it on the same line), or ''
 * when it has none or the descriptor came without source info.
 */
export function commentOf(desc: Commented): string {
  const wanted = sourcePath(desc);
  const location = fileOf(desc).proto.sourceCodeInfo?.location.find(
    (loc) => loc.path.length === wanted.length && loc.path.every((n, i) => n === wanted[i]),
  );
  return normalizeComment(location?.leadingComments || location?.trailingComments || '');
}
