import { SetMetadata } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { Actor } from '../engine/actor';
import type { Role } from '../engine/workflow.types';

export const IS_PUBLIC = 'wenze:isPublic';
export const REQUIRED_ROLES = 'wenze:roles';

/** No token needed (health, docs). */
export const Public = () => SetMetadata(IS_PUBLIC, true);
/** The caller needs one of these roles. */
export const Roles = (...roles: Role[]) => SetMetadata(REQUIRED_ROLES, roles);

export type AuthedRequest = FastifyRequest & { actor: Actor };
