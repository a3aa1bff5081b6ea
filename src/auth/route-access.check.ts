import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { PATH_METADATA } from '@nestjs/common/constants';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { IS_PUBLIC, REQUIRED_ACCESS } from './auth.types';

/**
 * Every route declares who may call it: @Public(), or @Access(capability) with the roles the
 * catalogue grants. A route that declares neither would let any valid token in, so the service refuses to start.
 */
@Injectable()
export class RouteAccessCheck implements OnApplicationBootstrap {
  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly reflector: Reflector,
  ) {}

  onApplicationBootstrap(): void {
    const undeclared: string[] = [];
    for (const wrapper of this.discovery.getControllers()) {
      const { instance, metatype } = wrapper;
      if (!instance || !metatype) continue;
      const prototype = Object.getPrototypeOf(instance) as object;
      for (const name of this.scanner.getAllMethodNames(prototype)) {
        const handler = (prototype as Record<string, unknown>)[name] as () => unknown;
        if (Reflect.getMetadata(PATH_METADATA, handler) === undefined) continue; // not a route
        const targets = [handler, metatype];
        const declared =
          this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets) ||
          this.reflector.getAllAndOverride<string>(REQUIRED_ACCESS, targets);
        if (!declared) undeclared.push(`${metatype.name}.${name}`);
      }
    }
    if (undeclared.length) {
      throw new Error(
        `Routes without @Access(capability) or @Public(): ${undeclared.join(', ')} — every route declares who may call it`,
      );
    }
  }
}
