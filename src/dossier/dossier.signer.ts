import { Injectable, Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
  sign,
} from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { AppConfig } from '../config/app.config';

/**
 * Ed25519 signatures for dossiers. The key comes from DOSSIER_SIGNING_KEY (PEM) or
 * DOSSIER_SIGNING_KEY_FILE; in development a key is made once and kept beside the SQLite file.
 */
@Injectable()
export class DossierSigner {
  private readonly logger = new Logger(DossierSigner.name);
  private readonly privateKey: KeyObject;
  readonly publicKeyPem: string;
  readonly keyId: string;

  constructor(config: ConfigService<AppConfig, true>) {
    this.privateKey = this.loadKey(config);
    this.publicKeyPem = createPublicKey(this.privateKey).export({ type: 'spki', format: 'pem' }).toString();
    this.keyId = createHash('sha256').update(this.publicKeyPem).digest('hex').slice(0, 16);
  }

  /** A detached Ed25519 signature over the exact bytes given, base64. */
  sign(bytes: string): string {
    return sign(null, Buffer.from(bytes, 'utf8'), this.privateKey).toString('base64');
  }

  private loadKey(config: ConfigService<AppConfig, true>): KeyObject {
    const pem = config.get('DOSSIER_SIGNING_KEY', { infer: true });
    if (pem) return createPrivateKey(pem.replace(/\\n/g, '\n'));
    const file = config.get('DOSSIER_SIGNING_KEY_FILE', { infer: true }) ?? this.devKeyFile(config);
    if (!existsSync(file)) {
      const { privateKey } = generateKeyPairSync('ed25519');
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
      this.logger.warn(
        `Made a new dossier signing key in ${file}; set DOSSIER_SIGNING_KEY_FILE to keep one of your own`,
      );
    }
    return createPrivateKey(readFileSync(file));
  }

  private devKeyFile(config: ConfigService<AppConfig, true>): string {
    const dbPath = config.get('DATABASE_PATH', { infer: true });
    return join(dbPath === ':memory:' ? './data' : dirname(dbPath), 'dossier-signing-key.pem');
  }
}
