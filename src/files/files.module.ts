import { Module } from '@nestjs/common';
import { BlobStore } from './blob.store';
import { FileSweep } from './file.sweep';

/** Content-addressed file storage for attachments and issued documents. */
@Module({ providers: [BlobStore, FileSweep], exports: [BlobStore, FileSweep] })
export class FilesModule {}
