import { SetMetadata } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { Actor } from '../engine/actor';

export const IS_PUBLIC = 'wenze:isPublic';
export const REQUIRED_ACCESS = 'wenze:access';

/** Capabilities named by @Access anywhere; each must be declared in the catalogue's access policy. */
export const ACCESS_NAMES = new Set<string>();

/** No token needed (health, docs). */
export const Public = () => SetMetadata(IS_PUBLIC, true);

/** The caller needs one of the roles the catalogue grants this capability (its `access` policy). */
export const Access = (capability: string) => {
  ACCESS_NAMES.add(capability);
  return SetMetadata(REQUIRED_ACCESS, capability);
};

/** The verified token of a request, and how it came: the Authorization header or the session cookie. */
export interface Credential {
  token: string;
  via: 'bearer' | 'cookie';
}

export type AuthedRequest = FastifyRequest & { actor: Actor; credential?: Credential };
