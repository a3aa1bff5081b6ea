import { BadRequestException, PayloadTooLargeException, UnsupportedMediaTypeException } from '@nestjs/common';
import type { Multipart, MultipartFile } from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import { Readable } from 'node:stream';
import { BlobTooLargeError, type BlobStore, type StoredBlob } from '../files/blob.store';
import { textProblem } from '../http/forbidden-text';
import { sanitiseFileName } from './file-name';
import { ACCEPTED_TYPES, SNIFF_BYTES, sniffMediaType } from './media-type';

/** A file received and stored, with the form's fields; not yet on the chain. */
export interface Upload {
  blob: StoredBlob;
  name: string;
  mediaType: string;
  kind: string;
  description?: string;
}

export const MAX_DESCRIPTION_LENGTH = 500;

/**
 * Reads a multipart form (fields `file`, `kind`, `description`) and stores its one file in the blob
 * store while it streams in. What is refused leaves no record (a file it stored goes with the file
 * sweep); the rest of the request is still read, so that the client gets the answer instead of a
 * reset connection.
 */
export async function receiveUpload(
  request: FastifyRequest,
  store: BlobStore,
  kinds: readonly string[],
  maxBytes: number,
): Promise<Upload> {
  if (!request.isMultipart()) {
    throw new UnsupportedMediaTypeException(
      'Send the file as multipart/form-data (fields file, kind, description)',
    );
  }
  const fields: Record<string, string> = {};
  let stored: Omit<Upload, 'kind' | 'description'> | undefined;
  let refusal: Error | undefined;
  // The file limit is one byte over ours: busboy cuts the stream there and skips the rest of the file.
  const parts: AsyncIterableIterator<Multipart> = request.parts({
    limits: { fileSize: maxBytes + 1, files: 1, fields: 4, fieldSize: 4 * MAX_DESCRIPTION_LENGTH, parts: 6 },
  });
  try {
    for await (const part of parts) {
      if (part.type === 'field') {
        fields[part.fieldname] = String(part.value);
        continue;
      }
      if (refusal || stored || part.fieldname !== 'file') {
        await drain(part.file);
        refusal ??= new BadRequestException('Send exactly one file, in the field named file');
        continue;
      }
      const kindProblem = fields.kind !== undefined ? checkKind(fields.kind, kinds) : null;
      if (kindProblem) {
        await drain(part.file);
        refusal = new BadRequestException(kindProblem);
        continue;
      }
      try {
        stored = await storeFile(part, store, maxBytes);
      } catch (error) {
        await drain(part.file);
        refusal = error instanceof BlobTooLargeError ? tooLarge(maxBytes) : (error as Error);
      }
    }
  } catch (error) {
    throw new BadRequestException(`The form could not be read: ${(error as Error).message}`);
  }
  const problem =
    refusal ??
    (stored ? null : new BadRequestException('The form has no file (field file)')) ??
    fieldProblem(fields, kinds);
  // A file stored for a refused form is left to the file sweep (the same bytes may be another request's).
  if (problem) throw problem;
  const description = fields.description?.trim();
  return { ...stored!, kind: fields.kind, ...(description ? { description } : {}) };
}

function fieldProblem(fields: Record<string, string>, kinds: readonly string[]): Error | null {
  const unknown = Object.keys(fields).filter((f) => f !== 'kind' && f !== 'description');
  if (unknown.length) return new BadRequestException(`Unknown form fields: ${unknown.join(', ')}`);
  const kindProblem = checkKind(fields.kind, kinds);
  if (kindProblem) return new BadRequestException(kindProblem);
  if ((fields.description?.length ?? 0) > MAX_DESCRIPTION_LENGTH) {
    return new BadRequestException(`description must be at most ${MAX_DESCRIPTION_LENGTH} characters`);
  }
  const badText = textProblem('description', fields.description ?? '');
  return badText ? new BadRequestException(badText) : null;
}

function checkKind(kind: string | undefined, kinds: readonly string[]): string | null {
  if (kind === undefined || kind === '') return `kind is required: one of ${kinds.join(', ')}`;
  return kinds.includes(kind) ? null : `kind must be one of ${kinds.join(', ')} (got "${kind.slice(0, 40)}")`;
}

function tooLarge(maxBytes: number): PayloadTooLargeException {
  return new PayloadTooLargeException(
    `The file is larger than the limit of ${maxBytes} bytes (${(maxBytes / 1_048_576).toFixed(1)} MiB)`,
  );
}

/** Sniffs the first bytes, then streams the whole file into the store. */
async function storeFile(part: MultipartFile, store: BlobStore, maxBytes: number) {
  // Refused, not cleaned: a name that reads differently from what it is ("report\u202Efdp.exe").
  const badName = textProblem('The file name (filename of the field file)', part.filename ?? '');
  if (badName) throw new BadRequestException(badName);
  const name = sanitiseFileName(part.filename);
  const iterator = (part.file as AsyncIterable<Buffer>)[Symbol.asyncIterator]();
  const head: Buffer[] = [];
  let headSize = 0;
  let done = false;
  while (headSize < SNIFF_BYTES) {
    const next = await iterator.next();
    if (next.done) {
      done = true;
      break;
    }
    head.push(next.value);
    headSize += next.value.length;
  }
  const first = Buffer.concat(head);
  const mediaType = sniffMediaType(first.subarray(0, SNIFF_BYTES), name, done);
  if (!mediaType) {
    throw new UnsupportedMediaTypeException(
      first.length === 0
        ? 'The file is empty'
        : `The file "${name}" is not of an accepted type (${ACCEPTED_TYPES}); its first bytes were checked, not its name`,
    );
  }
  async function* whole(): AsyncGenerator<Buffer> {
    yield first;
    if (done) return;
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield next.value;
  }
  const blob = await store.put(Readable.from(whole()), maxBytes);
  return { blob, name, mediaType };
}

/** Reads what is left of a stream and throws it away (errors too: the answer is already decided). */
async function drain(stream: Readable): Promise<void> {
  try {
    if (stream.readableEnded || stream.destroyed) return;
    for await (const _chunk of stream) {
      // skipped
    }
  } catch {
    // nothing to keep
  }
}
