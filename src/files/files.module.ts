import { Module } from '@nestjs/common';
import { BlobStore } from './blob.store';

/** Content-addressed file storage for attachments and issued documents. */
@Module({ providers: [BlobStore], exports: [BlobStore] })
export class FilesModule {}
